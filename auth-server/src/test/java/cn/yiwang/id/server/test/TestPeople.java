package cn.yiwang.id.server.test;

import java.util.concurrent.ThreadLocalRandom;

/** Synthetic citizens for tests: fresh numbers, so runs sharing one database never collide. */
public final class TestPeople {

    private TestPeople() {}

    /** A person the stub authoritative service knows. */
    public record Person(String name, String number) {}

    /** A fresh, checksum-valid resident ID registered with the stub real-name service. */
    public static Person known() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = "310104" + (1960 + random.nextInt(40))
                + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                + String.format("%03d", random.nextInt(1000));
        Person person = new Person("王" + "晓明华强".charAt(random.nextInt(4)) + "试", body + check(body));
        IntegrationTestSupport.REAL_NAME_SERVICE.register(person.name(), person.number());
        return person;
    }

    /** The number with a wrong check character (GB 11643). */
    public static String withWrongCheck(String number) {
        return number.substring(0, 17) + ((number.charAt(17) == '0') ? '1' : '0');
    }

    public static String phone() {
        return "136" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static char check(String body) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }
}

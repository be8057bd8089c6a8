package cn.yiwang.id.kit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

class RegistryBootstrapTests {

    record Thing(String alias, String displayName, int order) {}

    private final RegistryBootstrap<Thing> file = new RegistryBootstrap<>("thing", "things", Thing.class, true);

    private static Resource yaml(String text) {
        return new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), "things.yml");
    }

    @Test
    void bindWhenEntriesThenDefinitionsInFileOrder() {
        Resource yaml = yaml("things:\n  - alias: a\n    display-name: A\n  - alias: b\n    order: 2\n");
        assertThat(this.file.bind(yaml, this.file.load(yaml)))
                .containsExactly(new Thing("a", "A", 0), new Thing("b", null, 2));
    }

    @Test
    void bindWhenStrictAndUnknownSettingThenInvalidNamingIt() {
        Resource yaml = yaml("things:\n  - alias: a\n    colour: red\n");
        assertThatIllegalStateException()
                .isThrownBy(() -> this.file.bind(yaml, this.file.load(yaml)))
                .withMessage("Thing bootstrap file Byte array resource [things.yml] is invalid:\n"
                        + "  - things: The elements [things[0].colour] were left unbound.");
    }

    @Test
    void loadWhenNotYamlThenCannotRead() {
        assertThatIllegalStateException()
                .isThrownBy(() -> this.file.load(yaml("things: [a\n")))
                .withMessageStartingWith("Cannot read thing bootstrap file");
    }

    @Test
    void strayPropertiesWhenOutsideTheListThenEachNamed() {
        Resource yaml = yaml("thing:\n  - alias: a\nthings:\n  - alias: b\n");
        assertThat(this.file.strayProperties(this.file.load(yaml)))
                .containsExactly("thing[0].alias: not part of the list things (each entry starts with '- alias:'),"
                        + " which is all this file may contain");
    }

    @Test
    void whereWhenAliasMissingThenSaysSo() {
        assertThat(this.file.where(2, "zj")).isEqualTo("things[2] (zj) ");
        assertThat(this.file.where(0, null)).isEqualTo("things[0] (no alias) ");
    }

    @Test
    void fileFieldWhenCamelCaseThenKebabUpToTheFirstKeyOrIndex() {
        assertThat(RegistryBootstrap.fileField("displayNameZh")).isEqualTo("display-name-zh");
        assertThat(RegistryBootstrap.fileField("assertionConsumerServices[0].location"))
                .isEqualTo("assertion-consumer-services[0].location");
        assertThat(RegistryBootstrap.fileField("claimMappings.id_number")).isEqualTo("claim-mappings.id_number");
    }

    @Test
    void runWhenNoFileThenNothingApplied() {
        List<Thing> applied = new ArrayList<>();
        this.file.run(
                new DefaultResourceLoader(),
                "classpath:no-such-file.yml",
                (resource) -> List.of(new Thing("a", null, 0)),
                (thing) -> {
                    applied.add(thing);
                    return Change.CREATED;
                });
        assertThat(applied).isEmpty();
    }

    @Test
    void reconcileWhenOvertakenThenComparedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Change change = RegistryBootstrap.reconcile("Thing a", () -> {
            switch (attempts.incrementAndGet()) {
                case 1 -> throw new DuplicateKeyException("created meanwhile");
                case 2 -> {
                    return Optional.empty();
                }
                default -> {
                    return Optional.of(Change.UNCHANGED);
                }
            }
        });
        assertThat(change).isEqualTo(Change.UNCHANGED);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void reconcileWhenAlwaysOvertakenThenGivesUp() {
        assertThatIllegalStateException()
                .isThrownBy(() -> RegistryBootstrap.reconcile("Thing a", () -> {
                    throw new OptimisticLockingFailureException("changed meanwhile");
                }))
                .withMessage("Thing a kept changing while the bootstrap applied it; 3 attempts failed");
    }
}

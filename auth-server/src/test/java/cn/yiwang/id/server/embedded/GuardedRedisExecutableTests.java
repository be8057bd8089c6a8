package cn.yiwang.id.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.core.ExecutableProvider;

/**
 * The guard around the embedded Redis: Redis ends when the JVM that started it ends, however that happened. A test
 * JVM cannot die and go on asserting, so these tests start the guard themselves and do to it what the kernel does
 * when its JVM is killed: close the write end of its standard input.
 */
class GuardedRedisExecutableTests {

    @TempDir
    Path folder;

    private Process guard;

    @BeforeEach
    void posixShell() {
        assumeThat(new File("/bin/sh").canExecute()).as("a POSIX shell").isTrue();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (this.guard != null) {
            this.guard.descendants().forEach(ProcessHandle::destroyForcibly);
            this.guard.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void endOfInputWhenJvmGoneThenRedisStopsAndItsCopiedBinaryIsRemoved() throws Exception {
        File redis = ExecutableProvider.newJarResourceProvider().get();
        File script = new GuardedRedisExecutable(() -> redis).get();
        assertThat(script).hasName(GuardedRedisExecutable.GUARD_NAME).canRead();
        int port = freePort();
        // the library passes the configuration file it wrote as the first argument
        Path config = Files.createTempFile("embedded-redis-server_", ".conf");
        Files.writeString(config, "save \"\"\nappendonly no\n");

        this.guard = start(script, config, port);
        awaitListening(port);
        List<ProcessHandle> servers = this.guard.descendants().toList();
        assertThat(servers).isNotEmpty();

        this.guard.getOutputStream().close();

        assertThat(this.guard.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(servers).allSatisfy((server) -> assertThat(server.isAlive()).isFalse());
        assertThat(isListening(port)).isFalse();
        assertThat(redis.getParentFile()).doesNotExist();
        assertThat(config).doesNotExist();
    }

    @Test
    void terminatedWhenLibraryStopsItThenRedisStopsToo() throws Exception {
        File redis = copyOfBinary();
        File script = new GuardedRedisExecutable(() -> redis).get();
        int port = freePort();
        Path config = Files.writeString(this.folder.resolve("embedded-redis-server_1.conf"), "appendonly no\n");

        this.guard = start(script, config, port);
        awaitListening(port);
        List<ProcessHandle> servers = this.guard.descendants().toList();

        // what RedisInstance.stop() does: SIGTERM to the process it started, then wait for it
        this.guard.destroy();

        assertThat(this.guard.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(servers).allSatisfy((server) -> assertThat(server.isAlive()).isFalse());
        assertThat(isListening(port)).isFalse();
        // a folder the library did not make for the binary is left alone, and so is a file outside its own
        assertThat(redis).exists();
        assertThat(config).exists();
    }

    @Test
    void redisFailsToStartThenGuardEndsWithItsStatus() throws Exception {
        File redis = copyOfBinary();
        File script = new GuardedRedisExecutable(() -> redis).get();

        this.guard = new ProcessBuilder(script.getPath(), "--no-such-option", "1")
                .redirectErrorStream(true)
                .start();

        assertThat(this.guard.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(this.guard.exitValue()).isNotZero();
    }

    @Test
    void binaryInLibrarysTemporaryFolderThenOnlyThatFolderIsRemovable() {
        File temporary = new File(System.getProperty("java.io.tmpdir")).getAbsoluteFile();
        assertThat(GuardedRedisExecutable.isOwnTemporaryFolder(new File(temporary, "redis-123")))
                .isTrue();
        assertThat(GuardedRedisExecutable.isOwnTemporaryFolder(new File(temporary, "other")))
                .isFalse();
        assertThat(GuardedRedisExecutable.isOwnTemporaryFolder(new File("/usr/bin")))
                .isFalse();
        assertThat(GuardedRedisExecutable.isOwnTemporaryFolder(new File(new File(temporary, "x"), "redis-1")))
                .isFalse();
    }

    @Test
    void pathWithQuoteThenRefusedRatherThanWrittenIntoTheScript() {
        assertThatIllegalArgumentException().isThrownBy(() -> GuardedRedisExecutable.script("/tmp/it's/redis", "/tmp"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardedRedisExecutable.script("/tmp/redis-1/redis-server", "/tmp/'"));
        assertThat(GuardedRedisExecutable.script("/tmp/redis-1/redis-server", null))
                .contains("redis='/tmp/redis-1/redis-server'")
                .contains("temporary=''");
    }

    private File copyOfBinary() throws IOException {
        File original = ExecutableProvider.newJarResourceProvider().get();
        Path copy = this.folder.resolve(original.getName());
        Files.copy(original.toPath(), copy);
        assertThat(copy.toFile().setExecutable(true)).isTrue();
        return copy.toFile();
    }

    private static Process start(File script, Path config, int port) throws IOException {
        return new ProcessBuilder(
                        script.getPath(),
                        config.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 200 && !isListening(port); i++) {
            Thread.sleep(50);
        }
        assertThat(isListening(port)).as("Redis listens on %d", port).isTrue();
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException ex) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

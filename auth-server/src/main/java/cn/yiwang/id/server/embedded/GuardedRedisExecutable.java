package cn.yiwang.id.server.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.core.ExecutableProvider;

/**
 * The embedded Redis binary behind a small POSIX shell guard that stops it when the JVM that started it is gone.
 *
 * <p>The library's own shutdown hook stops Redis on an orderly exit only. The launcher's training start (Spring's
 * {@code spring.context.exit=onRefresh} ends the JVM with {@code Runtime.halt}), a {@code kill -9}, an
 * {@code -XX:+ExitOnOutOfMemoryError} exit or a crash skip shutdown hooks and left the server running on its port
 * for good, with its 9 MiB copy of the binary in the temporary folder. The guard holds the read end of the pipe that
 * is its standard input; the JVM holds the only write end, so end of file there means the JVM has ended, however
 * it ended. The guard then stops Redis and removes the folder the binary was copied to and the configuration file
 * the library wrote.
 */
final class GuardedRedisExecutable implements ExecutableProvider {

    static final String GUARD_NAME = "redis-guard.sh";

    private final ExecutableProvider binary;

    GuardedRedisExecutable(ExecutableProvider binary) {
        this.binary = binary;
    }

    /** The guard when this system has a POSIX shell, else the bare binary (Windows: the library's stop only). */
    static ExecutableProvider forThisSystem() {
        ExecutableProvider binary = ExecutableProvider.newJarResourceProvider();
        return new File("/bin/sh").canExecute() ? new GuardedRedisExecutable(binary) : binary;
    }

    @Override
    public File get() throws IOException {
        File redis = this.binary.get().getAbsoluteFile();
        Path guard = redis.toPath().resolveSibling(GUARD_NAME);
        String temporary =
                isOwnTemporaryFolder(redis.getParentFile()) ? temporaryFolder().getPath() : null;
        Files.writeString(guard, script(redis.getPath(), temporary), UTF_8);
        File file = guard.toFile();
        if (!file.setExecutable(true, true)) {
            throw new IOException("cannot make " + guard + " executable");
        }
        file.deleteOnExit();
        return file;
    }

    /** Whether the binary sits in a folder the library made for it alone (its copy from the jar), safe to remove. */
    static boolean isOwnTemporaryFolder(File folder) {
        return folder.getName().startsWith("redis-") && temporaryFolder().equals(folder.getParentFile());
    }

    private static File temporaryFolder() {
        return new File(System.getProperty("java.io.tmpdir")).getAbsoluteFile();
    }

    /**
     * The guard for this binary. With {@code temporaryFolder} set, the binary's folder is the library's copy and is
     * removed at the end, and so is the configuration file the library wrote there (its first argument); with null,
     * both are left alone.
     */
    static String script(String redisPath, String temporaryFolder) {
        for (String path : new String[] {redisPath, (temporaryFolder != null) ? temporaryFolder : ""}) {
            if (path.indexOf('\'') >= 0 || path.indexOf('\n') >= 0) {
                // the paths go into single quotes below; temporary folders never hold these characters
                throw new IllegalArgumentException("unexpected characters in a path for the Redis guard: " + path);
            }
        }
        return """
                #!/bin/sh
                # Written by Yiwang ID's embedded default. Runs Redis and stops it when the JVM that started this
                # script has ended, however it ended: that JVM holds the only write end of this script's standard
                # input, so end of file there is its end.
                redis='%s'
                temporary='%s'
                config=
                case "$1" in "$temporary"/embedded-redis-server_*.conf) [ -z "$temporary" ] || config=$1 ;; esac
                exec 3<&0
                "$redis" "$@" </dev/null &
                server=$!
                trap 'kill "$server" 2>/dev/null' TERM INT HUP
                # read is a builtin: the watcher is this one subshell, and killing it leaves nothing behind
                ( while read -r _ <&3; do :; done; kill "$server" 2>/dev/null ) >/dev/null 2>&1 &
                watcher=$!
                exec 3<&-
                wait "$server"
                status=$?
                # a trap interrupts wait: wait again until Redis has really ended
                while kill -0 "$server" 2>/dev/null; do
                  wait "$server"
                  status=$?
                done
                kill "$watcher" 2>/dev/null
                if [ -n "$temporary" ]; then
                  rm -rf "$(dirname "$redis")"
                  [ -z "$config" ] || rm -f "$config"
                fi
                exit "$status"
                """.formatted(redisPath, (temporaryFolder != null) ? temporaryFolder : "");
    }
}

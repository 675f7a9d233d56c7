package dev.nacosapp.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path logs;

    @Test
    void writesStdoutAndStderrToTheLogAndPassesPropertiesEnvironmentAndArguments() {
        try (ChildJvm child = builder("plain")
                .systemProperty("greeting", "hello")
                .environment(Map.of("CHILD_COLOUR", "green"))
                .args(List.of("a", "b"))
                .start()) {
            await().atMost(PATIENCE).until(() -> child.output().contains("on stderr"));
            assertThat(child.output()).contains("args a b greeting=hello colour=green has-path=true");
            assertThatThrownBy(child::stdout).hasMessageContaining("writes its stdout to " + child.log());
        }
    }

    @Test
    void leavesOutTheEnvironmentVariablesItIsTold() {
        assertThat(System.getenv("PATH"))
                .as("this JVM's PATH, which the child would inherit")
                .isNotNull();
        try (ChildJvm child =
                builder("no-path").withoutEnvironment(List.of("PATH")).start()) {
            await().atMost(PATIENCE).until(() -> child.output().contains("on stderr"));
            assertThat(child.output()).contains("has-path=false");
        }
    }

    @Test
    void pipesStdoutToTheCallerAndKeepsStderrInTheLog() throws Exception {
        try (ChildJvm child = builder("piped").pipeStdout().start()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.stdout(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("args ");
            PrintWriter in = new PrintWriter(child.stdin(), true, StandardCharsets.UTF_8);
            in.println("ping");
            assertThat(out.readLine()).isEqualTo("echo ping");
            await().atMost(PATIENCE).until(() -> child.output().contains("on stderr"));
            assertThat(child.output()).doesNotContain("args ");
        }
    }

    @Test
    void stopLetsTheShutdownHooksRunFirst() {
        // tag::child-jvm[]
        ChildJvm child = ChildJvm.builder("graceful", ChildMain.class.getName()) // this JVM's java and class path
                .flags(ChildJvm.QUICK_START_FLAGS)
                .systemProperty("greeting", "hello")
                .log(logs.resolve("graceful.log")) // stdout and stderr
                .start();
        await().atMost(PATIENCE).until(() -> child.output().contains("on stderr"));

        // SIGTERM, so the child's shutdown hooks run (Dubbo deregisters there); SIGKILL if it is not gone in time
        assertThat(child.stop(Duration.ofSeconds(30))).as("exited by itself").isTrue();
        // end::child-jvm[]

        assertThat(child.isAlive()).isFalse();
        assertThat(child.output()).contains("shutdown hook ran");
    }

    @Test
    void stopKillsAChildThatDoesNotExitWithinTheGracePeriod() {
        ChildJvm child = builder("stubborn").args(List.of("stubborn")).start();
        await().atMost(PATIENCE).until(() -> child.output().contains("on stderr"));

        assertThat(child.stop(Duration.ofSeconds(2))).as("exited by itself").isFalse();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.output()).contains("shutdown hook ran");
    }

    @Test
    void killGivesTheChildNoChanceToRunItsHooks() {
        ChildJvm child = builder("killed").start();
        await().atMost(PATIENCE).until(() -> child.output().contains("on stderr"));

        child.kill();

        assertThat(child.isAlive()).isFalse();
        assertThat(child.output()).doesNotContain("shutdown hook ran");
    }

    @Test
    void refusesToStartWithoutALog() {
        assertThatThrownBy(() ->
                        ChildJvm.builder("nameless", ChildMain.class.getName()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JVM nameless: no log file given (ChildJvmBuilder.log)");
    }

    private ChildJvmBuilder builder(String name) {
        return ChildJvm.builder(name, ChildMain.class.getName())
                .flags(ChildJvm.QUICK_START_FLAGS)
                .flags(List.of("-Xmx64m"))
                .log(logs.resolve(name + ".log"));
    }
}

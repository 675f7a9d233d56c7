package dev.nacosapp.dubbo.discovery.internal.dubbo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.Version;
import org.apache.dubbo.common.deploy.DeployListenerAdapter;
import org.apache.dubbo.common.deploy.ModuleDeployer;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which Dubbo line runs, and when its real deployers count a module as starting. Runs on each line the build tests. */
class DubboLineTest {
    private final FrameworkModel framework = new FrameworkModel();

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    @Test
    void theRunningLineIsTheOneOfTheDubboOnTheClassPath() {
        DubboLine expected = Version.getVersion().startsWith("3.2.") ? DubboLine.V3_2 : DubboLine.V3_3;

        assertThat(DubboLine.running()).isEqualTo(expected);
    }

    @Test
    void aModuleDeployerWithoutIsCompletionIsOfThe32Line() {
        assertThat(DubboLine.of(DeployerOf32.class)).isEqualTo(DubboLine.V3_2);
        assertThat(DubboLine.of(DeployerOf33.class)).isEqualTo(DubboLine.V3_3);
    }

    @Test
    void aModuleCountsAsStartingFromItsStartUntilItHasRegisteredItsServices() throws Exception {
        ApplicationModel application = framework.newApplication();
        ApplicationConfig config = new ApplicationConfig("orders");
        config.setQosEnable(false);
        application.getApplicationConfigManager().setApplication(config);
        ModuleModel module = application.getDefaultModule();
        ModuleDeployer deployer = module.getDeployer();
        List<String> seen = new CopyOnWriteArrayList<>();
        deployer.addDeployListener(new DeployListenerAdapter<ModuleModel>() {
            @Override
            public void onStarting(ModuleModel scopeModel) {
                seen.add("starting " + DubboLine.running().isStarting(deployer));
            }

            @Override
            public void onStarted(ModuleModel scopeModel) {
                // Dubbo 3.2 registers the instance from here; 3.3 earlier, while exporting.
                seen.add("started " + DubboLine.running().isStarting(deployer));
            }
        });
        assertThat(DubboLine.running().isStarting(deployer))
                .as("a module that was never started")
                .isFalse();

        application.getDeployer().start().get(30, TimeUnit.SECONDS);
        deployer.getStartFuture().get(30, TimeUnit.SECONDS);

        assertThat(seen).containsExactly("starting true", "started true");
        assertThat(DubboLine.running().isStarting(deployer))
                .as("a module whose start has completed")
                .isFalse();
    }

    @Test
    void aModuleAddedWhileTheApplicationRunsIsNotStartingUntilItIsStarted() throws Exception {
        ApplicationModel application = framework.newApplication();
        ApplicationConfig config = new ApplicationConfig("orders");
        config.setQosEnable(false);
        application.getApplicationConfigManager().setApplication(config);
        application.getDeployer().start().get(30, TimeUnit.SECONDS);

        ModuleModel later = application.newModule();

        assertThat(later.getDeployer().isPending()).isTrue();
        assertThat(DubboLine.running().isStarting(later.getDeployer())).isFalse();
        later.getDeployer().start().get(30, TimeUnit.SECONDS);
        assertThat(DubboLine.running().isStarting(later.getDeployer())).isFalse();
    }

    /** The shape of 3.2's module deployer as far as this matters: no isCompletion(). */
    interface DeployerOf32 {
        boolean isStarted();
    }

    interface DeployerOf33 extends DeployerOf32 {
        boolean isCompletion();
    }
}

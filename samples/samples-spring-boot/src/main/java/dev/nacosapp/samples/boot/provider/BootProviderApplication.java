package dev.nacosapp.samples.boot.provider;

import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * A Dubbo provider as a Spring Boot application: exports {@link BootGreetingService} over Triple and registers one
 * instance of the application {@code boot-greeting-provider} in Nacos through {@code nacos-app}. Configured entirely
 * in {@code application.yml} plus {@code application-provider.yml}.
 */
@SpringBootApplication
@EnableDubbo
public class BootProviderApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(BootProviderApplication.class)
                .profiles("provider")
                .run(args);
    }

    /** One line on the console once Dubbo has exported the service and registered the instance. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready(ApplicationReadyEvent event) {
        String name = event.getApplicationContext().getEnvironment().getProperty("samples.provider-name");
        String address = event.getApplicationContext().getEnvironment().getProperty("samples.provider-address");
        System.out.println(name + " ready: application boot-greeting-provider, Triple, registered as " + address);
    }
}

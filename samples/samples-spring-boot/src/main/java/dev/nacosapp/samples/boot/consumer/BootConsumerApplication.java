package dev.nacosapp.samples.boot.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A Dubbo consumer as a Spring Boot application: {@link GreetingCaller} calls the providers of
 * {@code boot-greeting-provider}, found in Nacos through {@code nacos-app}, prints who answered and the application
 * exits. Configured in {@code application.yml} plus {@code application-consumer.yml}.
 */
@SpringBootApplication
public class BootConsumerApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(new SpringApplicationBuilder(BootConsumerApplication.class)
                .profiles("consumer")
                .run(args)));
    }
}

package com.example.greeting.consumer;

import com.example.greeting.GreetingService;
import org.apache.dubbo.config.annotation.DubboReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

@Component
public class GreetingTask implements CommandLineRunner {
    private static final Logger LOGGER = LoggerFactory.getLogger(GreetingTask.class);

    @DubboReference
    private GreetingService greetingService;

    @Override
    public void run(String... args) {
        LOGGER.info("Received: {}", greetingService.greet("consumer"));
    }
}

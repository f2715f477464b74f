package com.example.events.memberservice;

import java.time.Clock;
import java.time.Duration;

import com.example.platform.migration.MigrateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MemberServiceApplication {

    /**
     * Ticks in microseconds, what PostgreSQL keeps: an instant written equals the one
     * read back later.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    public static void main(String[] args) {
        // java -jar member-service.jar migrate: the migrations, then exit (the migration
        // task on AWS)
        if (MigrateCommand.isRequested(args)) {
            System.exit(MigrateCommand.run(args));
        }
        SpringApplication.run(MemberServiceApplication.class, args);
    }

}

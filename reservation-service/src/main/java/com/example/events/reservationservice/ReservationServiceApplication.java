package com.example.events.reservationservice;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import com.example.events.reservationservice.reservationcopy.ReservationCopyCommand;
import com.example.platform.migration.MigrateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReservationServiceApplication {

    /**
     * The one clock of the service, ticking in microseconds: PostgreSQL keeps no finer,
     * so a time taken from it and returned to a client equals what a later read of the
     * stored row returns.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
    }

    public static void main(String[] args) {
        if (MigrateCommand.isRequested(args)) {
            System.exit(MigrateCommand.run(args));
        }
        if (args.length > 0 && args[0].equals(ReservationCopyCommand.NAME)) {
            System.exit(ReservationCopyCommand.run(args));
        }
        SpringApplication.run(ReservationServiceApplication.class, args);
    }

}

package com.example.events.reservationservice.reservationcopy;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar reservation-service.jar copy-reservations}: copies the reservations of
 * the database this service was split out of ({@code reservation-copy.source.*}) into its
 * own, prints its progress after every chunk and, as its last line, the outcome as JSON;
 * then exits: 0 when every reservation is read, 1 when it stopped at one it must not copy
 * (the line before says which and what to do), 2 when it could not run. A one-shot task
 * beside the running service (on AWS, the service's task definition run with this
 * command): it starts neither the web server nor the queue's listener, only this
 * service's database as {@code spring.datasource} configures it for the active profile,
 * and the source, read only.
 */
public final class ReservationCopyCommand {

    /** The first argument that runs this command instead of the service. */
    public static final String NAME = "copy-reservations";

    private static final Logger log = LoggerFactory.getLogger(ReservationCopyCommand.class);

    private ReservationCopyCommand() {
    }

    /**
     * @return the process's exit status
     */
    public static int run(String[] args) {
        CopyProgress outcome = null;
        int status;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .run(Arrays.copyOfRange(args, 1, args.length))) {
            ReservationCopy copy = context.getBean(ReservationCopy.class);
            say("copying the " + copy.sourceSize() + " reservations of the source");
            outcome = copy.run(progress -> say(String.format(Locale.ROOT,
                    "read %d: %d copied, %d copied before, %d of deleted members skipped", progress.scanned(),
                    progress.copied(), progress.alreadyCopied(), progress.skippedDeletedMember())));
            status = 0;
        }
        catch (CopyStoppedException ex) {
            say("stopped: " + ex.getMessage());
            status = 1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            say("interrupted; run the copy again to resume it");
            status = 2;
        }
        catch (RuntimeException ex) {
            log.error("The copy could not run", ex);
            say("could not run: " + ex.getMessage());
            status = 2;
        }
        System.out.println(outcome != null ? outcome.json() : "{\"finished\": false}");
        return status;
    }

    private static void say(String line) {
        System.out.println("[" + NAME + "] " + line);
    }

    /**
     * The command's context: no component scan, only what the copy needs. Not a
     * component, so the service's own scan passes it by.
     */
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class })
    static class Context {

        @Bean
        ReservationCopyProperties reservationCopyProperties(Environment environment) {
            return Binder.get(environment).bindOrCreate("reservation-copy", ReservationCopyProperties.class);
        }

        /**
         * Not a {@link DataSource} bean: that would take the place of this service's own.
         */
        @Bean
        SourceDatabase reservationCopySource(ReservationCopyProperties properties) {
            HikariDataSource pool = new HikariDataSource();
            pool.setPoolName("reservation-copy-source");
            pool.setJdbcUrl(properties.source().url());
            pool.setUsername(properties.source().username());
            pool.setPassword(properties.source().password());
            pool.setMaximumPoolSize(1);
            pool.setReadOnly(true);
            return new SourceDatabase(pool);
        }

        @Bean
        ReservationCopy reservationCopy(DataSource dataSource, SourceDatabase source, TransactionTemplate transactions,
                ReservationCopyProperties properties) {
            return new ReservationCopy(JdbcClient.create(source.pool()), new JdbcTemplate(dataSource), transactions,
                    properties, Clock.systemUTC());
        }

    }

    record SourceDatabase(HikariDataSource pool) implements AutoCloseable {

        @Override
        public void close() {
            pool.close();
        }

    }

}

package com.example.platform.migration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.DeferredImportSelector;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * {@code java -jar <service>.jar migrate}: runs the service's Flyway migrations as Spring
 * Boot configures them for the active profile ({@code spring.flyway.*}, on AWS the
 * owner's connection from {@code SPRING_FLYWAY_URL}, {@code _USER} and {@code _PASSWORD})
 * and exits: 0 once every migration is applied, 1 when Flyway failed, 2 when it could not
 * run at all. A one-shot task (on AWS the migration task, the only holder of the owner's
 * secret): the context holds Boot's data source and Flyway auto-configuration and nothing
 * else, so no web server, relay, listener or scheduled job starts. Flyway migrates while
 * the context refreshes, as at a service's start.
 *
 * <p>
 * A service's {@code main} dispatches to it:
 * {@code if (MigrateCommand.isRequested(args)) System.exit(MigrateCommand.run(args));}
 */
public final class MigrateCommand {

    /** The first argument that runs this command instead of the service. */
    public static final String NAME = "migrate";

    static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    static final String FLYWAY_AUTO_CONFIGURATION = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

    static final String FLYWAY = "org.flywaydb.core.Flyway";

    private static final Logger log = LoggerFactory.getLogger(MigrateCommand.class);

    private MigrateCommand() {
    }

    public static boolean isRequested(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /**
     * @param args {@code migrate} followed by Spring Boot arguments (e.g.
     * {@code --spring.flyway.target=7})
     * @return the process's exit status
     */
    public static int run(String[] args) {
        ClassLoader classLoader = MigrateCommand.class.getClassLoader();
        for (String required : List.of(DATA_SOURCE_AUTO_CONFIGURATION, FLYWAY_AUTO_CONFIGURATION, FLYWAY)) {
            if (!ClassUtils.isPresent(required, classLoader)) {
                say("could not run: " + required + " is not on the classpath (spring-boot-starter-flyway)");
                return 2;
            }
        }
        List<String> arguments = new ArrayList<>(Arrays.asList(args).subList(isRequested(args) ? 1 : 0, args.length));
        // what this command is for, whatever the profile or the environment says about
        // migrating at start-up (a service task on AWS runs with Flyway off)
        arguments.removeIf(argument -> argument.startsWith("--spring.flyway.enabled="));
        arguments.add("--spring.flyway.enabled=true");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .registerShutdownHook(false)
            .run(arguments.toArray(String[]::new))) {
            if (context.getBeanNamesForType(ClassUtils.resolveClassName(FLYWAY, classLoader)).length == 0) {
                say("could not run: no Flyway was configured (no data source, and no spring.flyway.url)");
                return 2;
            }
            say("every migration is applied");
            return 0;
        }
        catch (RuntimeException ex) {
            log.error("The migration failed", ex);
            say("failed: " + rootMessage(ex));
            return 1;
        }
    }

    private static String rootMessage(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static void say(String line) {
        System.out.println("[" + NAME + "] " + line);
    }

    /**
     * The command's context: no component scan, Boot's data source and Flyway
     * auto-configuration only, named rather than referenced, as the platform starter
     * itself does not depend on them. Not a component, so a service's scan passes it by.
     */
    @Import(Context.AutoConfigurations.class)
    static class Context {

        static final class AutoConfigurations implements DeferredImportSelector {

            @Override
            public String[] selectImports(AnnotationMetadata metadata) {
                // the data source first: Flyway's configuration looks for it
                return new String[] { DATA_SOURCE_AUTO_CONFIGURATION, FLYWAY_AUTO_CONFIGURATION };
            }

        }

    }

}

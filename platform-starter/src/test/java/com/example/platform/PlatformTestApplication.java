package com.example.platform;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest service the platform serves: one controller ({@link ThingController}) and
 * whatever the starter configures, nothing of member-service or reservation-service.
 */
@SpringBootApplication
public class PlatformTestApplication {

}

package com.example.events.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An OAuth2 issuer made up for a test: an RSA key pair created in memory and access
 * tokens signed with it, shaped as Cognito's client-credentials tokens are (a
 * {@code scope} claim of space-separated scopes, {@code client_id}, no audience). A
 * service under test trusts {@link #publicKey()} and {@link #issuer()}; nothing goes over
 * the network.
 */
public final class TestJwtIssuer {

    public static final String ISSUER = "https://issuer.test/pool";

    private static final TestJwtIssuer SHARED = new TestJwtIssuer();

    private final KeyPair keys = newKeyPair();

    /** The issuer {@link Trusted} makes a service under test trust. */
    public static TestJwtIssuer shared() {
        return SHARED;
    }

    /**
     * Imported by a test ({@code @Import(TestJwtIssuer.Trusted.class)}): the service
     * trusts {@link #shared()} instead of fetching the configured issuer's keys.
     */
    @Configuration(proxyBeanMethods = false)
    public static class Trusted {

        @Bean
        JwtDecoder jwtDecoder() {
            return SHARED.decoder();
        }

    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    public String issuer() {
        return ISSUER;
    }

    /**
     * What a service under test trusts instead of the issuer's published keys: this key,
     * with the same checks the issuer's decoder makes (signature, issuer, expiry).
     */
    public JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        return decoder;
    }

    /** A token valid for the next five minutes, granting the given scopes. */
    public String token(String... scopes) {
        return sign(keys, ISSUER, Instant.now().plus(Duration.ofMinutes(5)), scopes);
    }

    public String expiredToken(String... scopes) {
        return sign(keys, ISSUER, Instant.now().minus(Duration.ofMinutes(5)), scopes);
    }

    /** Right claims, wrong signature: signed by a key nobody trusts. */
    public String tokenSignedByAnotherKey(String... scopes) {
        return sign(newKeyPair(), ISSUER, Instant.now().plus(Duration.ofMinutes(5)), scopes);
    }

    public String tokenFromAnotherIssuer(String... scopes) {
        return sign(keys, "https://another-issuer.test/pool", Instant.now().plus(Duration.ofMinutes(5)), scopes);
    }

    private static String sign(KeyPair keys, String issuer, Instant expiresAt, String... scopes) {
        Instant issuedAt = expiresAt.minus(Duration.ofMinutes(10));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
            .subject("test-client")
            .claim("client_id", "test-client")
            .claim("token_use", "access")
            .claim("scope", String.join(" ", scopes))
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(issuedAt))
            .expirationTime(Date.from(expiresAt))
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign a test token", ex);
        }
        return jwt.serialize();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

}

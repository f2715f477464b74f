package com.example.events.infra.platform;

import java.util.Objects;

/**
 * The issuer whose access tokens the services accept ({@code OAUTH2_ISSUER_URI}); its
 * {@code /.well-known/openid-configuration} names the keys.
 */
public record OAuth2Issuer(String issuerUri) {

    public OAuth2Issuer {
        Objects.requireNonNull(issuerUri, "issuerUri");
    }

}

package org.guildhall.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void clientsWithoutAnOriginAreJudgedByTheirTokenAlone() {
        assertTrue(new OriginPolicy("").allows(null, "guildhall.example:8080"));
    }

    @Test
    void pagesServedByThisServerMayConnect() {
        OriginPolicy policy = new OriginPolicy("");

        assertTrue(policy.allows("http://guildhall.example:8080", "guildhall.example:8080"));
        assertTrue(policy.allows("https://guildhall.example", "guildhall.example"));
        assertFalse(policy.allows("https://guildhall.example:8443", "guildhall.example"));
    }

    @Test
    void foreignPagesAreRefusedUnlessListed() {
        OriginPolicy policy = new OriginPolicy("https://app.example, http://localhost:3000/");

        assertFalse(policy.allows("https://evil.example", "guildhall.example"));
        assertTrue(policy.allows("https://app.example", "guildhall.example"));
        assertTrue(policy.allows("http://LOCALHOST:3000", "guildhall.example"));
        assertFalse(policy.allows("http://localhost:3001", "guildhall.example"));
    }

    @Test
    void aStarAllowsEveryOrigin() {
        assertTrue(new OriginPolicy("*").allows("https://anything.example", "guildhall.example"));
    }

    @Test
    void aMalformedOriginIsRefused() {
        assertFalse(new OriginPolicy("").allows("::not a uri::", "guildhall.example"));
        assertFalse(new OriginPolicy("").allows("null", "guildhall.example"));
    }
}

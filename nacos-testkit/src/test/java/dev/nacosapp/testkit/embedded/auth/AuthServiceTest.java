package dev.nacosapp.testkit.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthServiceTest {

    private final AtomicLong clock = new AtomicLong();

    private final AuthService auth = AuthService.withUser("nacos", "secret", Duration.ofSeconds(10), clock::get);

    @Test
    void validTokensPassUntilTheyExpire() {
        String token = auth.login("nacos", "secret").orElseThrow();

        assertThat(auth.refusal(token)).isEmpty();
        clock.addAndGet(10_001);
        assertThat(auth.refusal(token)).contains(AuthService.EXPIRED_TOKEN);
    }

    @Test
    void wrongCredentialsGetNoToken() {
        assertThat(auth.login("nacos", "wrong")).isEmpty();
        assertThat(auth.login("other", "secret")).isEmpty();
    }

    @Test
    void missingAndUnknownTokensAreRefusedWithNacosMessages() {
        assertThat(auth.refusal(null)).contains("user not found!");
        assertThat(auth.refusal("made-up")).contains("token invalid!");
    }

    @Test
    void aDisabledServiceLetsEverythingPass() {
        assertThat(AuthService.disabled().refusal(null)).isEmpty();
    }

    @Test
    void countsLoginsAndRefusalsTellingExpiredTokensApart() {
        String token = auth.login("nacos", "secret").orElseThrow();
        auth.login("nacos", "wrong");
        auth.refusal(token);
        auth.refusal(null);
        auth.refusal("made-up");
        clock.addAndGet(10_001);
        auth.refusal(token);
        auth.refusal(token);

        assertThat(auth.stats())
                .as("an expired token stays expired on every use, as a Nacos JWT does")
                .isEqualTo(new AuthStats(1, 2, 2));
    }
}

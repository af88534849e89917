package dev.trymellon.spring.test.methodsecurity;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Method security in a configuration class of its own: part of the full application
 * (component scanning), not of a {@code @WebMvcTest} slice.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurityConfiguration {

}

package cn.yiwang.id.server.api;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Writes the account and admin APIs' errors as RFC 9457 problem details with their full body
 * (validation errors, not-found details), limited to this package so browser pages keep their
 * friendly error page.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
public final class ApiExceptionHandler extends ResponseEntityExceptionHandler {}

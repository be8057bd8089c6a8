package cn.yiwang.id.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/** Sends a browser to the friendly error page with a protocol error code and a safe description. */
public final class ErrorPages {

    static final String ERROR_CODE = "yiwang.error.code";
    static final String ERROR_DESCRIPTION = "yiwang.error.description";

    private ErrorPages() {}

    public static void forward(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String errorCode,
            String description)
            throws IOException, ServletException {
        request.setAttribute(ERROR_CODE, errorCode);
        request.setAttribute(ERROR_DESCRIPTION, description);
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status.value());
        response.setStatus(status.value());
        request.getRequestDispatcher("/error").forward(request, response);
    }
}

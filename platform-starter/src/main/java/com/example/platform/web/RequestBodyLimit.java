package com.example.platform.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 413 to a request whose body is larger than {@code web.max-request-body}: at
 * once when its {@code Content-Length} says so, and otherwise (a chunked body) as soon as
 * reading it passes the cap, so that no request makes the service hold more than that in
 * memory. Tomcat caps form posts only, not the JSON bodies these services take. After
 * {@link RequestLimit}, so that the requests refused for load are refused first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;

    private final JsonMapper json;

    RequestBodyLimit(PlatformWebProperties settings, JsonMapper json) {
        this.maxBytes = settings.maxRequestBody().toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            ProblemDetail problem = problem(maxBytes);
            problem.setInstance(URI.create(request.getRequestURI()));
            Problems.write(response, json, problem);
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Capped(request, maxBytes) : request, response);
    }

    /** The answer to a body above the cap, whoever finds it. */
    static ProblemDetail problem(long maxBytes) {
        return Problems.problem(HttpStatus.CONTENT_TOO_LARGE, Problems.REQUEST_TOO_LARGE, "Request body too large",
                "The request body is larger than " + DataSize.ofBytes(maxBytes).toKilobytes()
                        + " KB, the most this service accepts; nothing was done");
    }

    /** Thrown while a body without a length is read, once it passes the cap. */
    static final class TooLargeException extends IOException {

        private final long maxBytes;

        TooLargeException(long maxBytes) {
            super("The request body is larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        long maxBytes() {
            return maxBytes;
        }

    }

    private static final class Capped extends HttpServletRequestWrapper {

        private final long maxBytes;

        private ServletInputStream body;

        Capped(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new CountingStream(super.getInputStream(), maxBytes);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long maxBytes;

        private long read;

        CountingStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

    }

}

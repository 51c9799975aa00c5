package dev.damm.bench.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nginx as a child process serving one file at one path, as a static host would serve a catalog:
 * one worker per core, no access log, the server's Content-Type, Cache-Control and ETag, and
 * keep-alive without a request limit, so a client's connections stay open
 * as they do against the server.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static Nginx serve(String path, byte[] body, String contentType, String cacheControl, String etag, Path dir) throws IOException, InterruptedException {
        // Readable by nginx's workers, which run as another user when the master runs as root.
        Path root = Files.createTempDirectory(dir, "nginx");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("logs"));
        Path file = root.resolve("catalog.json");
        Files.write(file, body);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        int port = freePort();
        int cores = Runtime.getRuntime().availableProcessors();
        String conf = "worker_processes " + cores + ";\n"
                + "daemon off;\n"
                + "pid " + root.resolve("nginx.pid") + ";\n"
                + "error_log " + root.resolve("logs/error.log") + " warn;\n"
                + "events { worker_connections 1024; }\n"
                + "http {\n"
                + "  access_log off;\n"
                + "  sendfile on;\n"
                + "  tcp_nopush on;\n"
                + "  tcp_nodelay on;\n"
                + "  keepalive_timeout 65;\n"
                + "  keepalive_requests 100000000;\n"
                + "  open_file_cache max=16 inactive=60s;\n"
                + "  open_file_cache_valid 60s;\n"
                // The server's own validator rather than nginx's (size and mtime): the same header bytes.
                + "  etag off;\n"
                + "  client_body_temp_path " + root.resolve("client_body") + ";\n"
                + "  proxy_temp_path " + root.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + root.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + root.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + root.resolve("scgi") + ";\n"
                + "  types { }\n"
                + "  default_type " + contentType + ";\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    location = " + path + " {\n"
                + "      alias " + file + ";\n"
                + "      add_header Cache-Control \"" + cacheControl + "\";\n"
                + "      add_header ETag '" + etag + "';\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
        Path confFile = root.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(List.of("nginx", "-e", root.resolve("logs/error.log").toString(), "-p", root.toString(), "-c",
                confFile.toString())).redirectErrorStream(true).redirectOutput(root.resolve("logs/stdout.log").toFile()).start();
        Nginx n = new Nginx(p, port, root);
        // Stopped with the JVM even when the benchmark is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop nginx"));
        try {
            n.awaitServing(path, body.length);
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close(); // no nginx left behind when it did not come up right
            throw e;
        }
        return n;
    }

    private void awaitServing(String path, int length) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("logs/stdout.log")) + " "
                        + Files.readString(dir.resolve("logs/error.log")));
            }
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200 && r.body().length == length) {
                    return;
                }
                throw new IllegalStateException("nginx answered " + r.statusCode() + " with " + r.body().length + " bytes");
            } catch (java.net.ConnectException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not start in 20 s");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

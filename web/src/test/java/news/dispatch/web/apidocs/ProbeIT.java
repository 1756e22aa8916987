package news.dispatch.web.apidocs;

import java.nio.file.Files;
import java.nio.file.Path;

import news.dispatch.web.AdminApiJourney;
import org.junit.jupiter.api.Test;

class ProbeIT extends AdminApiJourney {

    @Test
    void probe() throws Exception {
        var a = admin.get("/v3/api-docs");
        Files.writeString(Path.of("target/probe-docs.json"), a.status() + "\n" + a.body());
        var b = admin.get("/actuator/prometheus");
        Files.writeString(Path.of("target/probe-prom.txt"), b.status() + "\n" + b.body());
        var c = admin.get("/admin/api");
        Files.writeString(Path.of("target/probe-ui.txt"), c.status() + "\n" + c.response().headers() + "\n" + c.body());
        var d = admin.get("/admin/swagger-ui/index.html");
        Files.writeString(Path.of("target/probe-ui2.txt"), d.status() + "\n" + d.response().headers() + "\n" + d.body());
        var e = admin.get("/v3/api-docs/swagger-config");
        Files.writeString(Path.of("target/probe-ui3.txt"), e.status() + "\n" + e.response().headers() + "\n" + e.body());
    }
}

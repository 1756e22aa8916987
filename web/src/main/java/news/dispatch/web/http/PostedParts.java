package news.dispatch.web.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

/**
 * A form posted as {@code multipart/form-data} (the import page's upload, a one-click unsubscribe), read whole from a
 * body that keeps to the body's limits and then split into its parts. Tomcat would otherwise read the parts itself,
 * under no deadline, from whoever first asks for a field (the CSRF check, for any address).
 */
final class PostedParts extends PostedFields {

    private final List<Part> parts;

    private PostedParts(HttpServletRequest request, List<Part> parts, Map<String, List<String>> read) {
        super(request, read, null);
        this.parts = List.copyOf(parts);
    }

    static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return "POST".equals(request.getMethod()) && type != null
                && type.regionMatches(true, 0, "multipart/form-data", 0, "multipart/form-data".length());
    }

    /**
     * Reads the whole body now, through the request's own (limited) stream. A body that is not a well-formed
     * multipart form gives a request without parts or fields, as Tomcat's own reading would leave it.
     */
    static PostedParts read(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        Map<String, List<String>> read = new LinkedHashMap<>();
        List<Part> parts = new ArrayList<>();
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, request.getContentType()));
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String[] disposition = part.getHeader("Content-Disposition");
                if (disposition == null) {
                    continue;
                }
                ContentDisposition form = new ContentDisposition(disposition[0]);
                String name = form.getParameter("name");
                if (name == null) {
                    continue;
                }
                byte[] content;
                try (InputStream in = part.getInputStream()) {
                    content = in.readAllBytes();
                }
                String fileName = form.getParameter("filename");
                parts.add(new ReadPart(name, fileName, disposition[0], part.getContentType(), content));
                if (fileName == null) {
                    read.computeIfAbsent(name, n -> new ArrayList<>()).add(new String(content, StandardCharsets.UTF_8));
                }
            }
        } catch (MessagingException malformed) {
            parts.clear();
        }
        return new PostedParts(request, parts, read);
    }

    @Override
    public Collection<Part> getParts() {
        return parts;
    }

    @Override
    public Part getPart(String name) {
        return parts.stream().filter(part -> part.getName().equals(name)).findFirst().orElse(null);
    }


    /** One part of the form, held in memory: the body it came from is at most {@code dispatch.http.max-body}. */
    private record ReadPart(String name, String fileName, String disposition, String contentType, byte[] content)
            implements Part {

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getSubmittedFileName() {
            return fileName;
        }

        @Override
        public long getSize() {
            return content.length;
        }

        @Override
        public void write(String file) throws IOException {
            Files.write(Path.of(file), content);
        }

        @Override
        public void delete() {
            // Nothing was written anywhere: the part lives in memory only.
        }

        @Override
        public String getHeader(String header) {
            if ("content-disposition".equalsIgnoreCase(header)) {
                return disposition;
            }
            return "content-type".equalsIgnoreCase(header) ? contentType : null;
        }

        @Override
        public Collection<String> getHeaders(String header) {
            String value = getHeader(header);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Collection<String> getHeaderNames() {
            return contentType == null ? List.of("content-disposition") : List.of("content-disposition", "content-type");
        }
    }
}

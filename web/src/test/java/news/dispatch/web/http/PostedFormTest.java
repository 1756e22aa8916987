package news.dispatch.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PostedFormTest {

    private static MockHttpServletRequest post(String contentType, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/subscribe");
        request.setContentType(contentType);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void readsTheFieldsAfterThoseOfTheQueryString() throws Exception {
        MockHttpServletRequest request = post("application/x-www-form-urlencoded; charset=UTF-8",
                "email=anna%40example.com&tags=Aviation&tags=K%C3%B6ln+news&alerts");
        request.addParameter("source", "mail");

        PostedForm form = PostedForm.read(request);

        assertThat(form.getParameter("email")).isEqualTo("anna@example.com");
        assertThat(form.getParameterValues("tags")).containsExactly("Aviation", "Köln news");
        assertThat(form.getParameter("alerts")).isEmpty();
        assertThat(form.getParameterMap().keySet()).containsExactly("source", "email", "tags", "alerts");
    }

    @Test
    void stopsAtTenThousandFields() throws Exception {
        String many = IntStream.range(0, 15_000).mapToObj(i -> "f" + i + "=x").collect(Collectors.joining("&"));

        PostedForm form = PostedForm.read(post("application/x-www-form-urlencoded", "good=1&&" + many));

        assertThat(form.getParameter("good")).isEqualTo("1");
        assertThat(form.getParameterMap()).as("the first ten thousand").hasSize(10_000);
    }

    @Test
    void aFieldThatDoesNotDecodeMakesTheFormUndecodable() throws Exception {
        for (byte[] body : List.of("good=1&bad=%zz".getBytes(StandardCharsets.US_ASCII),
                "good=1&bad=%ff".getBytes(StandardCharsets.US_ASCII),
                "good=1&bad=%C3".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'b', 'a', 'd', '=', (byte) 0xff})) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/subscribe");
            request.setContentType("application/x-www-form-urlencoded");
            request.setContent(body);

            PostedForm form = PostedForm.read(request);

            assertThatThrownBy(() -> form.getParameter("good")).isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(form::getParameterMap).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void rawUtf8IsReadAsUtf8WhateverTheRequestDeclares() throws Exception {
        PostedForm form = PostedForm.read(post("application/x-www-form-urlencoded; charset=ISO-8859-1", "city=Köln"));

        assertThat(form.getParameter("city")).isEqualTo("Köln");
    }

    @Test
    void takesOnlyPostedUrlEncodedForms() {
        assertThat(PostedForm.isForm(post("Application/X-WWW-Form-Urlencoded;charset=UTF-8", ""))).isTrue();
        assertThat(PostedForm.isForm(post("multipart/form-data; boundary=x", ""))).isFalse();
        assertThat(PostedForm.isForm(post("application/json", ""))).isFalse();
        MockHttpServletRequest put = post("application/x-www-form-urlencoded", "a=1");
        put.setMethod("PUT");
        assertThat(PostedForm.isForm(put)).isFalse();
    }
}

package news.dispatch.web.apidocs;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Names every operation after its controller's tag and its Java method ({@code webhooksList}, {@code readersChange}),
 * which client generators turn into method names. springdoc's own ids are the method name alone, numbered
 * ({@code list_1} … {@code list_8}) in whatever order it meets the controllers, so a new controller renamed methods
 * in every generated client. An id a method sets itself ({@code @Operation(operationId = …)}) is kept.
 */
final class OperationNames implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        io.swagger.v3.oas.annotations.Operation declared =
                handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
        if (declared != null && !declared.operationId().isBlank()) {
            return operation;
        }
        Tag tag = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Tag.class);
        String prefix = tag == null ? handler.getBeanType().getSimpleName() : tag.name();
        return operation.operationId(camel(prefix) + StringUtils.capitalize(handler.getMethod().getName()));
    }

    /** {@code "API tokens"} → {@code apiTokens}. */
    static String camel(String words) {
        String joined = Arrays.stream(words.trim().split("\\s+"))
                .map(word -> StringUtils.capitalize(word.toLowerCase()))
                .collect(Collectors.joining());
        return StringUtils.uncapitalize(joined);
    }
}

package news.dispatch.web.apidocs;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Lets a record's components annotated {@link Nullable} be {@code null} in the document, as Jackson writes them:
 * {@code "type": ["string", "null"]}, or for a schema of its own {@code anyOf} it and {@code null}. Without it every
 * field of an answer reads as always present, and a client generated from it fails on the first {@code null}.
 */
final class NullableComponents implements ModelConverter {

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
        if (resolved == null || raw == null || !raw.isRecord()) {
            return resolved;
        }
        Schema model = resolved.get$ref() == null ? resolved
                : context.getDefinedModels().get(resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1));
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        Map<String, Schema> properties = model.getProperties();
        for (RecordComponent component : raw.getRecordComponents()) {
            String name = name(component);
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class) && properties.containsKey(name)) {
                properties.put(name, orNull(properties.get(name)));
            }
        }
        return resolved;
    }

    private static String name(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed == null || renamed.value().isEmpty() ? component.getName() : renamed.value();
    }

    private static Schema orNull(Schema property) {
        if (property.get$ref() != null || property.getTypes() == null) {
            Schema none = new Schema<>();
            none.addType("null");
            return new Schema<>().anyOf(List.of(property, none));
        }
        property.addType("null");
        return property;
    }
}

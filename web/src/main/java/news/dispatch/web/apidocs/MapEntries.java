package news.dispatch.web.apidocs;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

/**
 * A {@link Map.Entry} as Jackson writes it: an object of one member, the key its name ({@code {"Return-Path":
 * "<…>"}}). swagger-core reads the interface's getters instead and describes {@code {"key": …, "value": …}}, which no
 * answer holds.
 */
final class MapEntries implements ModelConverter {

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        JavaType javaType = type.getType() == null ? null : Json.mapper().constructType(type.getType());
        if (javaType == null || !Map.Entry.class.isAssignableFrom(javaType.getRawClass())) {
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        }
        JavaType value = javaType.containedTypeCount() == 2 ? javaType.containedType(1)
                : Json.mapper().constructType(Object.class);
        Schema entry = new Schema<>();
        entry.addType("object");
        return entry.additionalProperties(context.resolve(new AnnotatedType(value).resolveAsRef(true)))
                .minProperties(1).maxProperties(1).description("one member: a name and its value");
    }
}

package news.dispatch.web.delivery;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;

/** A filter of the deliveries' list, as the API's query and the page's form give it: any case, blank for any. */
final class DeliveryFilter {

    private DeliveryFilter() {
    }

    /** The status or kind typed, or why there is none such, naming the ones there are. */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String field, String written) {
        if (written == null || written.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, written.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, field + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ", not " + written.strip());
        }
    }
}

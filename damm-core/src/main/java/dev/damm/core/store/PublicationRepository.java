package dev.damm.core.store;

import java.util.List;
import java.util.OptionalLong;

/** History of signed publications, with serials the store keeps strictly increasing. */
public interface PublicationRepository {
    /** The highest serial recorded for (kind, scope). */
    OptionalLong lastSerial(String kind, String scope);

    /** Records a publication; CONFLICT unless its serial is greater than every earlier one for (kind, scope). */
    void record(Publication publication);

    /** Most recent first, at most {@code limit}. */
    List<Publication> recent(String kind, String scope, int limit);
}

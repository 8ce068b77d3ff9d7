package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.GallerySort;
import io.clipizy.media.domain.GalleryQuery;
import io.clipizy.media.service.MediaService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/gallery}: the caller's READY media as a gallery, each item with its thumbnail or waveform once made;
 * all kinds or only images, videos or audio; paged, filtered by project and role, sorted (newest first by default).
 */
@Path("/api/gallery")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class GalleryResource {
    private static final List<MediaRole> GALLERY_ROLES = List.of(MediaRole.UPLOAD, MediaRole.REFERENCE,
            MediaRole.GENERATED, MediaRole.FINAL);

    @Inject
    MediaService media;

    @Inject
    CurrentUser user;

    @GET
    public Uni<Page<GalleryItem>> all(@QueryParam("projectId") String projectId, @QueryParam("role") String role,
                                      @QueryParam("sort") String sort, @QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("24") int size) {
        return gallery(null, projectId, role, sort, page, size);
    }

    @GET
    @Path("/images")
    public Uni<Page<GalleryItem>> images(@QueryParam("projectId") String projectId, @QueryParam("role") String role,
                                         @QueryParam("sort") String sort, @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("24") int size) {
        return gallery(MediaKind.IMAGE, projectId, role, sort, page, size);
    }

    @GET
    @Path("/videos")
    public Uni<Page<GalleryItem>> videos(@QueryParam("projectId") String projectId, @QueryParam("role") String role,
                                         @QueryParam("sort") String sort, @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("24") int size) {
        return gallery(MediaKind.VIDEO, projectId, role, sort, page, size);
    }

    @GET
    @Path("/audio")
    public Uni<Page<GalleryItem>> audio(@QueryParam("projectId") String projectId, @QueryParam("role") String role,
                                        @QueryParam("sort") String sort, @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("24") int size) {
        return gallery(MediaKind.AUDIO, projectId, role, sort, page, size);
    }

    private Uni<Page<GalleryItem>> gallery(MediaKind kind, String projectId, String role, String sort, int page, int size) {
        Page.validate(page, size);
        UUID project = RequestValues.uuid(projectId, "projectId");
        MediaRole asRole = RequestValues.wire(role, "role", MediaRole::fromWire, GALLERY_ROLES,
                "upload, reference, generated, final");
        GallerySort order = GallerySort.NEWEST;
        if (sort != null && !sort.isBlank()) {
            order = GallerySort.fromWire(sort.trim());
            if (order == null) {
                throw new ProblemException(ProblemType.VALIDATION, "sort: must be one of newest, oldest, largest, "
                        + "smallest, name", List.of(new Problem.FieldViolation("sort",
                        "must be one of newest, oldest, largest, smallest, name")));
            }
        }
        return media.gallery(user.id(), new GalleryQuery(kind, project, asRole, order), page, size)
                .map(p -> new Page<>(p.items().stream().map(GalleryItem::of).toList(), p.page(), p.size(), p.total()));
    }
}

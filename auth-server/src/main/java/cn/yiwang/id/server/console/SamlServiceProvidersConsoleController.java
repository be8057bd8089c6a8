package cn.yiwang.id.server.console;

import cn.yiwang.id.kit.registry.InvalidDefinitionException;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.api.AdminAccountsController;
import cn.yiwang.id.server.permission.AdminPermission;
import cn.yiwang.id.server.saml.registry.ImportedServiceProviderMetadata;
import cn.yiwang.id.server.saml.registry.MetadataFetcher;
import cn.yiwang.id.server.saml.registry.MetadataUnavailableException;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviderAdministration;
import cn.yiwang.id.server.saml.registry.VersionedServiceProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's SAML service providers ({@code /admin/saml}): list, detail, and metadata import by URL or by
 * file, for a new SP or over an existing one (its release policy is kept). The import goes through a confirm
 * step that shows what the metadata changes (entity ID, endpoints, certificates) and carries the version seen;
 * a concurrent change gets the 412 page.
 */
@Controller
@RequestMapping("/admin/saml")
public final class SamlServiceProvidersConsoleController {

    private final ServiceProviderAdministration administration;

    private final MetadataFetcher fetcher;

    public SamlServiceProvidersConsoleController(
            ServiceProviderAdministration administration, MetadataFetcher fetcher) {
        this.administration = administration;
        this.fetcher = fetcher;
    }

    /** Which console section these pages are, for the navigation of the shared confirm and conflict pages. */
    @ModelAttribute("section")
    public String section() {
        return "saml";
    }

    @GetMapping
    public String list(Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.SAML_READ);
        model.addAttribute("providers", this.administration.findAll());
        return "admin/saml/list";
    }

    @GetMapping("/{alias}")
    public String detail(
            @PathVariable String alias,
            @RequestParam(required = false) String done,
            Authentication admin,
            Model model) {
        ConsolePermissions.require(admin, AdminPermission.SAML_READ);
        VersionedServiceProvider stored =
                this.administration.find(alias).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("stored", stored);
        model.addAttribute("facts", facts(stored.provider()));
        model.addAttribute("doneKey", "imported".equals(done) ? "console.saml.done.imported" : null);
        return "admin/saml/detail";
    }

    @GetMapping("/import")
    public String importForm(@RequestParam(required = false) String alias, Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.SAML_WRITE);
        return form(model, Objects.toString(alias, ""), "", "", "", Map.of());
    }

    @PostMapping("/import")
    public String importMetadata(
            @RequestParam(defaultValue = "") String alias,
            @RequestParam(defaultValue = "") String displayNameZh,
            @RequestParam(defaultValue = "") String displayNameEn,
            @RequestParam(defaultValue = "") String metadataUrl,
            @RequestParam(required = false) MultipartFile metadataFile,
            @RequestParam(required = false) String metadataDocument,
            @RequestParam(required = false) Integer version,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Authentication admin,
            HttpServletResponse response,
            Model model)
            throws IOException {
        ConsolePermissions.require(admin, AdminPermission.SAML_WRITE);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!alias.matches("[a-z0-9-]{2,32}")) {
            errors.put("alias", "console.saml.error.alias");
        }
        byte[] xml = null;
        String url = metadataUrl.isBlank() ? null : metadataUrl.strip();
        if (metadataDocument != null && !metadataDocument.isBlank()) {
            xml = Base64.getDecoder().decode(metadataDocument);
        } else if (metadataFile != null && !metadataFile.isEmpty()) {
            if (metadataFile.getSize() > MetadataFetcher.MAX_BYTES) {
                errors.put("metadataFile", "console.saml.error.tooLarge");
            } else {
                xml = metadataFile.getBytes();
            }
        } else if (url != null) {
            try {
                xml = this.fetcher.fetch(url);
            } catch (MetadataUnavailableException | IllegalArgumentException ex) {
                errors.put("metadataUrl", "console.saml.error.unreachable");
            }
        } else {
            errors.put("metadataUrl", "console.saml.error.none");
        }
        EntityMetadata metadata = null;
        if (xml != null) {
            try {
                metadata = ImportedServiceProviderMetadata.read(xml);
            } catch (InvalidDefinitionException ex) {
                errors.put(
                        (metadataFile != null && !metadataFile.isEmpty()) ? "metadataFile" : "metadataUrl",
                        "console.saml.error.unusable");
            }
        }
        if (!errors.isEmpty()) {
            return form(model, alias, displayNameZh, displayNameEn, metadataUrl, errors);
        }
        Optional<VersionedServiceProvider> existing = this.administration.find(alias);
        if (version != null && existing.map((e) -> e.version() != version).orElse(true)) {
            return conflict(response, model, alias, existing);
        }
        ServiceProvider policy = existing.map(VersionedServiceProvider::provider)
                .orElseGet(() -> ImportedServiceProviderMetadata.newPolicy(
                        alias, blankToNull(displayNameZh), blankToNull(displayNameEn)));
        ServiceProvider provider = ImportedServiceProviderMetadata.apply(metadata, policy, url);
        if (!confirmed) {
            Map<String, String> hidden = new LinkedHashMap<>();
            hidden.put("alias", alias);
            hidden.put("displayNameZh", displayNameZh);
            hidden.put("displayNameEn", displayNameEn);
            hidden.put("metadataUrl", metadataUrl);
            // the document read now is the one confirmed: a URL is not fetched a second time
            hidden.put("metadataDocument", Base64.getEncoder().encodeToString(xml));
            existing.ifPresent((e) -> hidden.put("version", Integer.toString(e.version())));
            hidden.put("confirmed", "true");
            model.addAttribute("titleKey", "console.saml.confirm");
            model.addAttribute("subject", alias);
            model.addAttribute(
                    "diff",
                    diff(existing.map(VersionedServiceProvider::provider).orElse(null), provider));
            model.addAttribute("action", "/admin/saml/import");
            model.addAttribute("cancel", "/admin/saml");
            model.addAttribute("hidden", hidden);
            model.addAttribute("danger", false);
            return "admin/console-confirm";
        }
        try {
            this.administration.save(
                    provider,
                    existing.map(VersionedServiceProvider::version).orElse(null),
                    AdminAccountsController.actor(admin));
        } catch (OptimisticLockingFailureException ex) {
            return conflict(response, model, alias, this.administration.find(alias));
        } catch (InvalidDefinitionException ex) {
            return form(
                    model,
                    alias,
                    displayNameZh,
                    displayNameEn,
                    metadataUrl,
                    Map.of("metadataUrl", "console.saml.error.unusable"));
        }
        return "redirect:/admin/saml/" + alias + "?done=imported";
    }

    private String conflict(
            HttpServletResponse response, Model model, String alias, Optional<VersionedServiceProvider> now) {
        response.setStatus(HttpStatus.PRECONDITION_FAILED.value());
        model.addAttribute("subject", alias);
        model.addAttribute(
                "changes",
                List.of(new FieldDiff(
                        "console.saml.field.version",
                        "—",
                        now.map((n) -> Integer.toString(n.version())).orElse("—"))));
        model.addAttribute("reload", "/admin/saml/" + (now.isPresent() ? alias : ""));
        return "admin/console-conflict";
    }

    private String form(
            Model model,
            String alias,
            String displayNameZh,
            String displayNameEn,
            String metadataUrl,
            Map<String, String> errors) {
        model.addAttribute("alias", alias);
        model.addAttribute("displayNameZh", displayNameZh);
        model.addAttribute("displayNameEn", displayNameEn);
        model.addAttribute("metadataUrl", metadataUrl);
        model.addAttribute("errors", errors);
        return "admin/saml/import";
    }

    static Map<String, String> facts(ServiceProvider p) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("console.saml.field.entityId", p.entityId());
        facts.put("console.saml.field.acs", endpoints(p.assertionConsumerServices()));
        facts.put("console.saml.field.slo", endpoints(p.singleLogoutServices()));
        facts.put(
                "console.saml.field.signingCertificates",
                Integer.toString(p.signingCertificates().size()));
        facts.put(
                "console.saml.field.encryptionCertificates",
                Integer.toString(p.encryptionCertificates().size()));
        facts.put("console.saml.field.metadataUrl", Objects.toString(p.metadataUrl(), ""));
        facts.put("console.saml.field.nameIdFormat", Objects.toString(p.nameIdFormat(), ""));
        facts.put(
                "console.saml.field.releasedAttributes",
                String.join(" ", new java.util.TreeSet<>(p.releasedAttributes())));
        facts.put("console.saml.field.enabled", Boolean.toString(p.enabled()));
        return facts;
    }

    private static List<FieldDiff> diff(ServiceProvider before, ServiceProvider after) {
        Map<String, String> was = (before != null) ? facts(before) : Map.of();
        List<FieldDiff> rows = new ArrayList<>();
        facts(after).forEach((label, now) -> {
            String old = was.getOrDefault(label, "");
            if (!old.equals(now)) {
                rows.add(new FieldDiff(label, old.isEmpty() ? "—" : old, now.isEmpty() ? "—" : now));
            }
        });
        return rows;
    }

    private static String endpoints(List<SamlEndpoint> endpoints) {
        return endpoints.stream().map(SamlEndpoint::location).collect(Collectors.joining(" "));
    }

    private static String blankToNull(String value) {
        return (value == null || value.isBlank()) ? null : value.strip();
    }
}

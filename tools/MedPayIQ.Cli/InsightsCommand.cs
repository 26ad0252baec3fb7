using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedPayIQ.Insights;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli;

/// <summary><c>medpayiq insights</c> and <c>medpayiq diff</c>: billing tips for a code, and what changed between releases.</summary>
internal static partial class Cli
{
    private const int DefaultPairs = 20;

    private static Command InsightsCommand(TextWriter output)
    {
        var hcpcs = new Argument<string>("HCPCS") { Description = "The HCPCS code, such as 77321." };
        var carrier = new Option<string?>("--carrier") { Description = "MAC/carrier number, such as 01182 (with --locality)." };
        var locality = new Option<string?>("--locality") { Description = "Locality number, such as 18 (with --carrier)." };
        var zip = new Option<string?>("--zip") { Description = "ZIP code: the locality from CMS's ZIP5 file." };
        var national = new Option<bool>("--national") { Description = "National amounts (every GPCI 1.000); the default." };
        var setting = new Option<string?>("--setting") { Description = "facility or non-facility; default both." };
        var date = new Option<string?>("--date") { Description = "Date of service (yyyy-mm-dd); default today." };
        var release = new Option<string?>("--release") { Description = "Use this release, such as RVU25A (on its first day)." };
        var qp = new Option<bool>("--qp") { Description = "Qualifying APM participant (2026 conversion factor)." };
        var all = new Option<bool>("--all") { Description = $"Every PTP pair (default: the first {DefaultPairs} of each side)." };
        var json = new Option<bool>("--json") { Description = "Write JSON (every insight with its amounts, evidence and related codes)." };
        var (ptpOption, mueOption, aocOption) = NcciOptions();
        var command = new Command("insights", "Billing tips for a code computed from CMS's data: units limit, bundling pairs, add-on rules, components, global period, surgery modifiers, status, family; each with its data and dollar impact.")
        {
            hcpcs, carrier, locality, zip, national, setting, date, release, qp, ptpOption, mueOption, aocOption, all, json,
        };
        command.SetAction(parse =>
        {
            var code = ClaimInput.Code(parse.GetValue(hcpcs)!);
            var location = ClaimInput.Location(parse.GetValue(carrier), parse.GetValue(locality), parse.GetValue(zip), parse.GetValue(national));
            PricingSetting? chosen = parse.GetValue(setting)?.ToLowerInvariant() switch
            {
                null => null,
                "facility" => PricingSetting.Facility,
                "non-facility" or "nonfacility" => PricingSetting.NonFacility,
                var other => throw new UsageException($"'{other}' is not a setting: facility or non-facility."),
            };
            var (catalog, dos) = InsightCatalog(parse.GetValue(DataOption), parse.GetValue(release), parse.GetValue(date));
            var ncci = NcciTables(parse.GetValue(DataOption), parse.GetValue(ptpOption), parse.GetValue(mueOption), parse.GetValue(aocOption));
            var report = new CodeInsights(catalog, ncci).For(code, new InsightRequest(dos, location, chosen, parse.GetValue(qp) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying));
            if (parse.GetValue(json))
            {
                WriteJson(output, w => WriteInsights(w, report));
            }
            else
            {
                WriteInsightsText(output, report, parse.GetValue(all));
            }

            return Ok;
        });
        return command;
    }

    private static Command DiffCommand(TextWriter output)
    {
        var from = new Argument<string>("FROM") { Description = "The earlier release (RVU25D) or date of service (yyyy-mm-dd)." };
        var to = new Argument<string>("TO") { Description = "The later release (RVU26C) or date of service (yyyy-mm-dd)." };
        var codes = new Option<string?>("--codes") { Description = "A code (77321) or a range (77261-77799); default every code." };
        var carrier = new Option<string?>("--carrier") { Description = "Also compare this locality's amounts (with --locality)." };
        var locality = new Option<string?>("--locality") { Description = "Locality number (with --carrier)." };
        var allLocalities = new Option<bool>("--all-localities") { Description = "Compare the amounts of every locality (slower)." };
        var noAmounts = new Option<bool>("--no-amounts") { Description = "Compare fields only." };
        var qp = new Option<bool>("--qp") { Description = "Qualifying APM participant (2026 conversion factor)." };
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var (ptpOption, mueOption, aocOption) = NcciOptions();
        var command = new Command("diff", "What changed between two releases or two dates of service: rows added and deleted, RVU, indicator and status changes, amounts per locality and setting, NCCI edits.")
        {
            from, to, codes, carrier, locality, allLocalities, noAmounts, qp, ptpOption, mueOption, aocOption, json,
        };
        command.SetAction(parse =>
        {
            CodeRange? range = null;
            if (parse.GetValue(codes) is { } text)
            {
                range = CodeRange.TryParse(text, out var r) ? r : throw new UsageException($"'{text}' is not a code or a range of codes such as 77261-77799.");
            }

            var options = new ReleaseDiffOptions
            {
                Codes = range,
                Localities = parse.GetValue(carrier) is null && parse.GetValue(locality) is null
                    ? []
                    : [ClaimInput.Location(parse.GetValue(carrier), parse.GetValue(locality), null, national: false).Locality],
                AllLocalities = parse.GetValue(allLocalities),
                IncludeAmounts = !parse.GetValue(noAmounts),
                ApmStatus = parse.GetValue(qp) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            };
            var catalog = LoadCatalog(parse.GetValue(DataOption));
            var ncci = NcciTables(parse.GetValue(DataOption), parse.GetValue(ptpOption), parse.GetValue(mueOption), parse.GetValue(aocOption));
            var diff = new ReleaseDiff(catalog, ncci);
            string a = parse.GetValue(from)!, b = parse.GetValue(to)!;
            ReleaseComparison result;
            bool aIsRelease = ReleaseId.TryParse(a, out var ra), bIsRelease = ReleaseId.TryParse(b, out var rb);
            if (aIsRelease && bIsRelease)
            {
                foreach (var id in new[] { ra, rb })
                {
                    if (!catalog.TryGetRelease(id, out _))
                    {
                        throw new UsageException($"release {id} is not loaded; loaded: {string.Join(", ", catalog.Releases.Select(x => x.Id))}.");
                    }
                }

                result = diff.CompareReleases(ra, rb, options);
            }
            else if (!aIsRelease && !bIsRelease)
            {
                var (da, db) = (ClaimInput.Date(a), ClaimInput.Date(b));
                foreach (var d in new[] { da, db })
                {
                    if (catalog.Resolve(d).Release is null)
                    {
                        throw new UsageException(catalog.Resolve(d).Reason);
                    }
                }

                result = diff.Compare(da, db, options);
            }
            else
            {
                throw new UsageException("give two releases (RVU25D RVU26C) or two dates (2025-12-31 2026-07-01), not one of each.");
            }

            if (parse.GetValue(json))
            {
                WriteJson(output, w => WriteDiff(w, result));
            }
            else
            {
                WriteDiffText(output, result);
            }

            return Ok;
        });
        return command;
    }

    /// <summary>The catalog and date for insights: a release's first day within every release loaded (so validity across releases shows), a given date, or today.</summary>
    private static (FeeScheduleCatalog Catalog, DateOnly Date) InsightCatalog(DirectoryInfo? data, string? releaseId, string? date)
    {
        if (releaseId is null)
        {
            return CatalogAndDate(data, null, date);
        }

        if (date is not null)
        {
            throw new UsageException("give --release or --date, not both.");
        }

        var (r, _) = PickRelease(data, releaseId, null);
        var all = LoadCatalog(data);
        return all.Resolve(r.EffectiveFrom).Release?.Id == r.Id ? (all, r.EffectiveFrom) : (FeeScheduleCatalog.Create([r]), r.EffectiveFrom);
    }

    private static void WriteInsightsText(TextWriter o, CodeInsightReport report, bool all)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"{report.Hcpcs} on {report.Request.DateOfService:yyyy-MM-dd}, {(report.Request.Location.Kind == PricingLocationKind.National ? "national" : report.Request.Location.ToString())}: {report.Release?.Id.ToString() ?? "no release"} ({report.ReleaseReason})"));
        o.WriteLine();
        int shown1 = 0, shown2 = 0, hidden = 0;
        foreach (var insight in report.Insights)
        {
            bool pair = insight.Kind is InsightKind.BundledInto or InsightKind.Bundles;
            if (pair && !all)
            {
                ref int shown = ref insight.Kind == InsightKind.BundledInto ? ref shown1 : ref shown2;
                if (shown >= DefaultPairs)
                {
                    hidden++;
                    continue;
                }

                shown++;
            }

            o.WriteLine($"[{insight.Kind}] {insight.Text}");
            foreach (var e in insight.Evidence)
            {
                o.WriteLine($"    source: {e}");
            }
        }

        if (hidden > 0)
        {
            o.WriteLine(string.Create(inv, $"... and {hidden} more PTP pairs (--all shows them)"));
        }

        foreach (var n in report.Notes)
        {
            o.WriteLine($"note: {n}");
        }

        if (report.Release is { } r)
        {
            o.WriteLine();
            o.WriteLine($"Amounts by the MedPayIQ calculator from {r.Id} ({r.Provenance.Origin}); PPRRVU sha256 {r.RvuFileSha256}.");
        }
    }

    private static void WriteInsights(Utf8JsonWriter w, CodeInsightReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteStartObject();
        w.WriteString("hcpcs", report.Hcpcs.ToString());
        w.WriteString("dateOfService", report.Request.DateOfService.ToString("yyyy-MM-dd", inv));
        w.WriteString("location", report.Request.Location.Kind == PricingLocationKind.National ? "national" : report.Request.Location.ToString());
        if (report.Release is { } r)
        {
            w.WriteString("release", r.Id.ToString());
            w.WriteString("rvuFileSha256", r.RvuFileSha256);
        }
        else
        {
            w.WriteNull("release");
        }

        w.WriteString("releaseReason", report.ReleaseReason);
        w.WriteStartArray("insights");
        foreach (var i in report.Insights)
        {
            w.WriteStartObject();
            w.WriteString("kind", i.Kind.ToString());
            w.WriteString("text", i.Text);
            WriteNumberOrNull(w, "impact", i.Impact);
            w.WriteStartArray("amounts");
            foreach (var a in i.Amounts)
            {
                w.WriteStartObject();
                w.WriteString("label", a.Label);
                w.WriteNumber("amount", a.Amount);
                w.WriteString("measure", a.Measure.ToString());
                w.WriteString("setting", a.Claim.Setting == PricingSetting.Facility ? "facility" : "non-facility");
                w.WriteStartArray("claim");
                foreach (var line in a.Claim.Lines)
                {
                    w.WriteStringValue(string.Create(inv, $"{line.Hcpcs}{(line.Modifiers.Count > 0 ? "-" + line.Modifiers : "")} x{line.Units}"));
                }

                w.WriteEndArray();
                w.WriteNumber("line", a.LineNumber);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("evidence");
            foreach (var e in i.Evidence)
            {
                w.WriteStartObject();
                w.WriteString("dataset", e.Dataset);
                w.WriteString("file", e.File);
                w.WriteString("row", e.Row);
                w.WriteString("sha256", e.Sha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("relatedCodes");
            foreach (var c in i.RelatedCodes)
            {
                w.WriteStringValue(c.ToString());
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in report.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDiffText(TextWriter o, ReleaseComparison diff)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"{diff.From.Id} on {diff.FromDate:yyyy-MM-dd} -> {diff.To.Id} on {diff.ToDate:yyyy-MM-dd}: {diff.OfKind(ChangeKind.Added).Count()} rows added, {diff.OfKind(ChangeKind.Deleted).Count()} deleted, {diff.OfKind(ChangeKind.Changed).Count()} changed; {diff.NcciEdits.Length} NCCI edit changes"));
        foreach (var n in diff.Notes)
        {
            o.WriteLine($"note: {n}");
        }

        foreach (var row in diff.Rows)
        {
            o.WriteLine();
            o.WriteLine($"{row.Hcpcs}{(row.Modifier.IsSome ? "-" + row.Modifier : "")}  {row.Kind.ToString().ToLowerInvariant()}");
            // An added or deleted row has every field on one side: show its status and RVUs, not all 24 columns.
            foreach (var f in row.Kind == ChangeKind.Changed ? row.Fields : row.Fields.Where(f => f.Field is "STATUS CODE" or "WORK RVU" or "NON-FAC PE RVU" or "FACILITY PE RVU" or "MP RVU" or "PCTC IND" or "GLOB DAYS"))
            {
                o.WriteLine($"  {f.Field}: {(f.From.Length == 0 ? "(blank)" : f.From)} -> {(f.To.Length == 0 ? "(blank)" : f.To)}");
            }

            foreach (var a in row.Amounts)
            {
                o.WriteLine(string.Create(inv, $"  amount {a}{(a.Difference is { } d ? $" ({d:+0.00;-0.00;0.00})" : "")}"));
            }
        }

        if (diff.NcciEdits.Length > 0)
        {
            o.WriteLine();
            foreach (var e in diff.NcciEdits)
            {
                o.WriteLine($"{e.Table} {e.Kind.ToString().ToLowerInvariant()} {e.Key}: {e.From ?? "-"} -> {e.To ?? "-"}");
            }
        }
    }

    private static void WriteDiff(Utf8JsonWriter w, ReleaseComparison diff)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteStartObject();
        w.WriteString("from", diff.From.Id.ToString());
        w.WriteString("fromDate", diff.FromDate.ToString("yyyy-MM-dd", inv));
        w.WriteString("to", diff.To.Id.ToString());
        w.WriteString("toDate", diff.ToDate.ToString("yyyy-MM-dd", inv));
        w.WriteStartArray("notes");
        foreach (var n in diff.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var row in diff.Rows)
        {
            w.WriteStartObject();
            w.WriteString("hcpcs", row.Hcpcs.ToString());
            w.WriteString("modifier", row.Modifier.ToString());
            w.WriteString("change", row.Kind.ToString().ToLowerInvariant());
            w.WriteStartArray("fields");
            foreach (var f in row.Fields)
            {
                w.WriteStartObject();
                w.WriteString("field", f.Field);
                w.WriteString("from", f.From);
                w.WriteString("to", f.To);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("amounts");
            foreach (var a in row.Amounts)
            {
                w.WriteStartObject();
                w.WriteString("locality", a.Locality.IsSome ? a.Locality.ToString() : "national");
                w.WriteString("setting", a.Setting == PricingSetting.Facility ? "facility" : "non-facility");
                WriteNumberOrNull(w, "from", a.From);
                WriteNumberOrNull(w, "to", a.To);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("ncciEdits");
        foreach (var e in diff.NcciEdits)
        {
            w.WriteStartObject();
            w.WriteString("table", e.Table.ToString());
            w.WriteString("change", e.Kind.ToString().ToLowerInvariant());
            w.WriteString("key", e.Key);
            w.WriteString("from", e.From);
            w.WriteString("to", e.To);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

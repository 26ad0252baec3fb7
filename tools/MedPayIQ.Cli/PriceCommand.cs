using System.CommandLine;
using System.Text.Json;
using MedPayIQ.Insights;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Cli;

/// <summary><c>medpayiq price</c>: the page a biller would otherwise look up by hand for one line.</summary>
internal static partial class Cli
{
    /// <summary>The PTP pairs the price page lists (<c>medpayiq insights --all</c> lists every one).</summary>
    private const int PricePagePairs = 20;

    /// <summary>The insight kinds that state the NCCI edits of a code: the price page's NCCI facts.</summary>
    private static readonly InsightKind[] NcciKinds = [InsightKind.UnitsLimit, InsightKind.BundledInto, InsightKind.Bundles, InsightKind.AddOn, InsightKind.AddOnsAccepted];

    private static Command PriceCommand(TextWriter output)
    {
        var hcpcs = new Argument<string>("HCPCS") { Description = "The HCPCS code, such as 77321." };
        var modifiers = new Option<string[]>("--modifier", "-m") { Description = "A modifier (26, TC, 50, 80...); repeat it, or write 80,50.", AllowMultipleArgumentsPerToken = true };
        var units = new Option<int>("--units") { Description = "Units of service.", DefaultValueFactory = _ => 1 };
        var carrier = new Option<string?>("--carrier") { Description = "MAC/carrier number, such as 01182 (with --locality)." };
        var locality = new Option<string?>("--locality") { Description = "Locality number, such as 18 (with --carrier)." };
        var zip = new Option<string?>("--zip") { Description = "ZIP code: the locality from CMS's ZIP5 file." };
        var national = new Option<bool>("--national") { Description = "National amounts (every GPCI 1.000); the default." };
        var facility = new Option<bool>("--facility") { Description = "Facility setting (hospital, ASC, SNF...)." };
        var pos = new Option<string?>("--pos") { Description = "Place of service code (two digits): it decides the setting." };
        var date = new Option<string?>("--date") { Description = "Date of service (yyyy-mm-dd); default today." };
        var release = new Option<string?>("--release") { Description = "Price with this release, such as RVU25A (on its first day)." };
        var provider = new Option<string?>("--provider") { Description = $"Who furnished the service: {ClaimInput.ProviderWords}." };
        var nonpar = new Option<bool>("--nonpar") { Description = Invariant($"Non-participating provider: {PaymentRates.NonParticipatingShare:0%} and the limiting charge ({PaymentRates.LimitingChargeShare:0%} of that).") };
        var qp = new Option<bool>("--qp") { Description = "Qualifying APM participant (2026 conversion factor 33.5675)." };
        var charge = new Option<string?>("--charge") { Description = "The billed charge, dollars: Medicare allows the lower of charge and fee." };
        var minutes = new Option<int>("--minutes") { Description = "Anesthesia minutes." };
        var baseUnits = new Option<int?>("--base-units") { Description = "Anesthesia base units (CMS anesthesia base units file)." };
        var json = new Option<bool>("--json") { Description = "Write JSON (stable property names, amounts as numbers)." };
        var failOnFindings = new Option<bool>("--fail-on-findings") { Description = "Exit 1 when the line cannot be priced." };
        var (ptpOption, mueOption, aocOption) = NcciOptions();
        var command = new Command("price", "Price one line: allowed amount, limiting charge, RVUs x GPCIs, conversion factor, release and file, confidence and every step with its CMS source.")
        {
            hcpcs, modifiers, units, carrier, locality, zip, national, facility, pos, date, release, provider, nonpar, qp, charge, minutes, baseUnits, ptpOption, mueOption, aocOption, json, failOnFindings,
        };
        command.SetAction(parse =>
        {
            var code = ClaimInput.Code(parse.GetValue(hcpcs)!);
            var set = ClaimInput.Modifiers(parse.GetValue(modifiers) ?? []);
            var location = ClaimInput.Location(parse.GetValue(carrier), parse.GetValue(locality), parse.GetValue(zip), parse.GetValue(national));
            if (parse.GetValue(facility) && parse.GetValue(pos) is not null)
            {
                throw new UsageException("give --facility or --pos, not both.");
            }

            PlaceOfService? place = parse.GetValue(pos) is { } p ? ClaimInput.Pos(p) : null;
            var (catalog, dos) = CatalogAndDate(parse.GetValue(DataOption), parse.GetValue(release), parse.GetValue(date));
            var line = new ClaimLine(dos, code, set)
            {
                Units = parse.GetValue(units),
                BilledCharge = parse.GetValue(charge) is { } c ? ClaimInput.Money(c) : null,
                AnesthesiaMinutes = parse.GetValue(minutes),
                AnesthesiaBaseUnits = parse.GetValue(baseUnits),
            };
            var claim = new Claim([line])
            {
                Location = location,
                PlaceOfService = place,
                Setting = parse.GetValue(facility) ? PricingSetting.Facility : PricingSetting.NonFacility,
                Provider = ClaimInput.Provider(parse.GetValue(provider)),
                Participation = parse.GetValue(nonpar) ? Participation.NonParticipating : Participation.Participating,
                ApmStatus = parse.GetValue(qp) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            };
            var calculator = new PaymentCalculator(catalog);
            var priced = calculator.Price(claim).Lines[0];
            var ncci = NcciTables(parse.GetValue(DataOption), parse.GetValue(ptpOption), parse.GetValue(mueOption), parse.GetValue(aocOption));
            var facts = new CodeInsights(calculator, ncci).For(code, new InsightRequest(dos, location, place?.Setting ?? claim.Setting, claim.ApmStatus));
            if (parse.GetValue(json))
            {
                WriteJson(output, w => WriteLinePrice(w, claim, priced, includeSteps: true, facts));
            }
            else
            {
                WritePricePage(output, claim, priced, facts);
            }

            return parse.GetValue(failOnFindings) && priced.Outcome != PriceOutcome.Priced ? Findings : Ok;
        });
        return command;
    }

    /// <summary>The catalog to price with and the date of service: a release's first day, a given date, or today.</summary>
    private static (FeeScheduleCatalog Catalog, DateOnly Date) CatalogAndDate(DirectoryInfo? data, string? releaseId, string? date)
    {
        if (releaseId is not null)
        {
            if (date is not null)
            {
                throw new UsageException("give --release or --date, not both.");
            }

            var (r, _) = PickRelease(data, releaseId, null);
            return (FeeScheduleCatalog.Create([r]), r.EffectiveFrom);
        }

        var dos = date is null ? DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date) : ClaimInput.Date(date);
        return (LoadCatalog(data), dos);
    }

    private static void WritePricePage(TextWriter o, Claim claim, LinePrice p, CodeInsightReport facts)
    {
        var line = p.Line;
        var service = p.Service;
        string described = line.Modifiers.Count > 0 ? $"{line.Hcpcs}-{line.Modifiers.ToString().Replace(',', '-')}" : line.Hcpcs.ToString();
        string? descriptor = p.Release is { } rel && service.Rvus is { } row ? rel.Rvus.GetDescription(row) : null;
        o.WriteLine($"{described}  {descriptor ?? (line.Hcpcs.IsLevelII && !line.Hcpcs.IsDental ? "" : "(CPT/CDT descriptor not packaged: AMA/ADA copyright)")}");
        string where = claim.Location.Kind switch
        {
            PricingLocationKind.National => "national",
            _ => service.Locality is { } l ? $"{l.Key} {l.Name}" : claim.Location.ToString(),
        };
        string setting = (claim.PlaceOfService?.Setting ?? claim.Setting) == PricingSetting.Facility ? "facility" : "non-facility";
        o.WriteLine(Invariant($"{p.Outcome}: allowed {p.AllowedAmount:0.00}   confidence {p.Confidence} ({p.ConfidenceReason})"));
        o.WriteLine(Invariant($"{where}, {setting}{(claim.PlaceOfService is { } pos ? $" (POS {pos})" : "")}, date of service {line.DateOfService:yyyy-MM-dd}, {claim.Provider}{(claim.Participation == Participation.Participating ? ", participating" : ", non-participating")}"));
        if (p.Outcome != PriceOutcome.Priced)
        {
            o.WriteLine(p.Reason);
        }
        else
        {
            o.WriteLine(Invariant($"Medicare pays {p.MedicarePayment:0.00}; coinsurance {p.Coinsurance:0.00}{(p.LimitingCharge is { } lc ? $"; limiting charge {lc:0.00}" : "; no limiting charge (participating)")}"));
        }

        if (service.Rvus is { } r && p.Outcome == PriceOutcome.Priced && p.Status != StatusCode.Anesthesia)
        {
            var gpci = service.Locality;
            bool fac = service.Setting == PricingSetting.Facility;
            o.WriteLine();
            o.WriteLine("RVUs x GPCIs");
            o.WriteLine(Invariant($"  work {r.WorkRvu,6:0.00} x {gpci?.WorkGpci ?? 1m,5:0.000} = {service.WorkComponent,8:0.0000}"));
            o.WriteLine(Invariant($"  PE   {(fac ? r.FacilityPracticeExpenseRvu : r.NonFacilityPracticeExpenseRvu),6:0.00} x {gpci?.PracticeExpenseGpci ?? 1m,5:0.000} = {service.PracticeExpenseComponent,8:0.0000}  ({setting}{((fac ? r.FacilityNotApplicable : r.NonFacilityNotApplicable) ? ", NA" : "")})"));
            o.WriteLine(Invariant($"  MP   {r.MalpracticeRvu,6:0.00} x {gpci?.MalpracticeGpci ?? 1m,5:0.000} = {service.MalpracticeComponent,8:0.0000}"));
            o.WriteLine(Invariant($"  x conversion factor {p.ConversionFactor} = fee schedule amount {p.FeeScheduleAmount:0.00}"));
            o.WriteLine(Invariant($"  status {(char)r.Status}, PC/TC {(int)r.PcTc}, global {Global(r.GlobalPeriod)}, mult proc {(int)r.MultipleProcedure}, bilateral {(int)r.BilateralSurgery}, assistant {(int)r.AssistantAtSurgery}, co-surgeons {(int)r.CoSurgeons}, team {(int)r.TeamSurgery}"));
        }

        o.WriteLine();
        o.WriteLine(Invariant($"Remittance (charge {p.Charge:0.00})"));
        foreach (var a in p.Adjustments)
        {
            o.WriteLine(Invariant($"  {a.Code,-10} {a.Amount,12:0.00}  {a.Rule}"));
        }

        o.WriteLine(Invariant($"  {"paid",-10} {p.MedicarePayment,12:0.00}"));

        o.WriteLine();
        o.WriteLine("Steps");
        foreach (var s in p.Steps)
        {
            o.WriteLine(Invariant($"  {s.Name,-22} {s.Amount,12:0.00##}  {s.Detail}"));
            o.WriteLine($"  {"",-22} {"",12}  source: {s.Source}");
        }

        foreach (var w in p.Warnings)
        {
            o.WriteLine($"Warning: {w}");
        }

        if (p.Release is { } release)
        {
            o.WriteLine();
            o.WriteLine($"Release {release.Id} ({release.Provenance.Origin})");
            foreach (var f in release.Provenance.Files)
            {
                o.WriteLine(Invariant($"  {f.Kind,-16} {f.Name,-34} sha256 {f.Sha256}"));
            }
        }

        o.WriteLine();
        o.WriteLine("NCCI");
        int pairs = 0;
        foreach (var insight in facts.Insights.Where(i => NcciKinds.Contains(i.Kind)))
        {
            if (insight.PtpEdit is not null && ++pairs > PricePagePairs)
            {
                continue;
            }

            o.WriteLine($"  {insight.Text}");
            foreach (var e in insight.Evidence)
            {
                o.WriteLine($"    source: {e}");
            }
        }

        foreach (var fact in NcciSummary(facts, pairs))
        {
            o.WriteLine($"  {fact}");
        }
    }

    /// <summary>What the NCCI insights do not say one by one: how many PTP pairs are in force (and how many are not shown), and the report's notes.</summary>
    private static IEnumerable<string> NcciSummary(CodeInsightReport facts, int pairs)
    {
        if (facts.NcciTables.FirstOrDefault(t => t.Kind == NcciTableKind.PtpPractitioner) is { } ptp)
        {
            yield return Invariant($"{pairs} PTP edits in force with {facts.Hcpcs} [{ptp}]{(pairs > PricePagePairs ? $"; {pairs - PricePagePairs} more not shown (medpayiq insights --all lists them)" : "")}");
        }

        foreach (var note in facts.Notes)
        {
            yield return $"note: {note}";
        }
    }

    /// <summary>The NCCI facts of the price JSON: the MUE row, the add-on edits, the PTP pairs, each from the insight that states it, and the facts in words.</summary>
    private static void WriteNcci(Utf8JsonWriter w, CodeInsightReport facts)
    {
        var ncci = facts.Insights.Where(i => NcciKinds.Contains(i.Kind)).ToList();
        string? Table(NcciTableKind kind) => facts.NcciTables.FirstOrDefault(t => t.Kind == kind)?.ToString();
        w.WriteStartObject("ncci");
        if (ncci.Select(i => i.Mue).FirstOrDefault(m => m is not null) is { } m)
        {
            w.WriteStartObject("mue");
            w.WriteNumber("value", m.Value);
            w.WriteNumber("adjudicationIndicator", (int)m.Adjudication);
            w.WriteString("rationale", m.Rationale);
            w.WriteString("table", Table(NcciTableKind.MuePractitioner));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("mue");
        }

        var addOn = ncci.SelectMany(i => i.AddOnEdits).ToList();
        w.WriteStartArray("addOnPrimaries");
        foreach (var e in addOn.Where(e => e.Primary.IsSome))
        {
            w.WriteStringValue(e.Primary.ToString());
        }

        w.WriteEndArray();
        if (addOn.Count > 0)
        {
            w.WriteNumber("addOnType", (int)addOn[0].Type);
        }
        else
        {
            w.WriteNull("addOnType");
        }

        w.WriteStartArray("addOnsOfThisPrimary");
        foreach (var c in ncci.Where(i => i.Kind == InsightKind.AddOnsAccepted).SelectMany(i => i.RelatedCodes))
        {
            w.WriteStringValue(c.ToString());
        }

        w.WriteEndArray();
        w.WriteStartArray("ptp");
        foreach (var e in ncci.Select(i => i.PtpEdit).OfType<PtpEdit>())
        {
            w.WriteStartObject();
            w.WriteString("column1", e.Column1.ToString());
            w.WriteString("column2", e.Column2.ToString());
            w.WriteNumber("modifierIndicator", (int)e.ModifierIndicator);
            w.WriteString("rationale", e.Rationale);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("ptpTable", Table(NcciTableKind.PtpPractitioner));
        w.WriteStartArray("facts");
        foreach (var fact in ncci.Select(i => i.Text).Concat(NcciSummary(facts, ncci.Count(i => i.PtpEdit is not null))))
        {
            w.WriteStringValue(fact);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteLinePrice(Utf8JsonWriter w, Claim claim, LinePrice p, bool includeSteps, CodeInsightReport? facts = null)
    {
        var line = p.Line;
        var service = p.Service;
        w.WriteStartObject();
        w.WriteString("hcpcs", line.Hcpcs.ToString());
        w.WriteStartArray("modifiers");
        foreach (var m in line.Modifiers)
        {
            w.WriteStringValue(m.ToString());
        }

        w.WriteEndArray();
        w.WriteNumber("units", line.Units);
        w.WriteString("dateOfService", line.DateOfService.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (p.Release is { } r)
        {
            w.WriteStartObject("release");
            w.WriteString("id", r.Id.ToString());
            w.WriteString("rvuFile", r.Provenance.Files[0].Name);
            w.WriteString("rvuFileSha256", r.RvuFileSha256);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("release");
        }

        var key = service.Locality?.Key ?? (claim.Location.Kind == PricingLocationKind.Locality ? claim.Location.Locality : default);
        if (key.IsSome)
        {
            w.WriteString("carrier", key.CarrierText);
            w.WriteString("locality", key.LocalityText);
        }
        else
        {
            w.WriteNull("carrier");
            w.WriteNull("locality");
        }

        w.WriteBoolean("national", claim.Location.Kind == PricingLocationKind.National);
        w.WriteBoolean("facility", (line.PlaceOfService?.Setting ?? claim.PlaceOfService?.Setting ?? claim.Setting) == PricingSetting.Facility);
        w.WriteString("provider", claim.Provider.ToString());
        w.WriteBoolean("participating", claim.Participation == Participation.Participating);
        w.WriteString("outcome", p.Outcome.ToString());
        w.WriteString("reason", p.Reason);
        if (p.Status is { } status)
        {
            w.WriteString("status", ((char)status).ToString());
        }
        else
        {
            w.WriteNull("status");
        }

        w.WriteNumber("allowedAmount", p.AllowedAmount);
        w.WriteNumber("medicarePayment", p.MedicarePayment);
        w.WriteNumber("coinsurance", p.Coinsurance);
        w.WriteNumber("deductible", p.Deductible);
        w.WriteNumber("sequestration", p.Sequestration);
        WriteNumberOrNull(w, "limitingCharge", p.LimitingCharge);

        w.WriteNumber("feeScheduleAmount", p.FeeScheduleAmount);
        w.WriteNumber("conversionFactor", p.ConversionFactor);
        if (service.Rvus is { } row && p.Outcome == PriceOutcome.Priced && row.Status != StatusCode.Anesthesia)
        {
            bool fac = service.Setting == PricingSetting.Facility;
            w.WriteStartObject("rvus");
            w.WriteNumber("work", row.WorkRvu);
            w.WriteNumber("practiceExpense", fac ? row.FacilityPracticeExpenseRvu : row.NonFacilityPracticeExpenseRvu);
            w.WriteNumber("malpractice", row.MalpracticeRvu);
            w.WriteNumber("workGpci", service.Locality?.WorkGpci ?? 1m);
            w.WriteNumber("practiceExpenseGpci", service.Locality?.PracticeExpenseGpci ?? 1m);
            w.WriteNumber("malpracticeGpci", service.Locality?.MalpracticeGpci ?? 1m);
            w.WriteNumber("workComponent", service.WorkComponent);
            w.WriteNumber("practiceExpenseComponent", service.PracticeExpenseComponent);
            w.WriteNumber("malpracticeComponent", service.MalpracticeComponent);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("rvus");
        }

        w.WriteString("confidence", p.Confidence.ToString());
        w.WriteString("confidenceReason", p.ConfidenceReason);
        w.WriteNumber("charge", p.Charge);
        w.WriteStartArray("adjustments");
        foreach (var a in p.Adjustments)
        {
            w.WriteStartObject();
            w.WriteString("group", a.Code.GroupCode);
            w.WriteString("reason", a.Code.Reason);
            if (a.Code.Remark is { } remark)
            {
                w.WriteString("remark", remark);
            }
            else
            {
                w.WriteNull("remark");
            }

            w.WriteNumber("amount", a.Amount);
            w.WriteString("rule", a.Rule.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (includeSteps)
        {
            w.WriteStartArray("steps");
            foreach (var s in p.Steps)
            {
                w.WriteStartObject();
                w.WriteString("rule", s.Name);
                w.WriteString("detail", s.Detail);
                WriteNumberOrNull(w, "factor", s.Factor);

                w.WriteNumber("amountBefore", s.AmountBefore);
                w.WriteNumber("amount", s.Amount);
                w.WriteString("source", s.Source);
                if (s.Remittance is { } code)
                {
                    w.WriteString("remittance", code.ToString());
                    w.WriteNumber("remittanceAmount", s.RemittanceAmount);
                }
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("warnings");
        foreach (var warning in p.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
        if (facts is null)
        {
            w.WriteNull("ncci");
        }
        else
        {
            WriteNcci(w, facts);
        }

        w.WriteEndObject();
    }
}

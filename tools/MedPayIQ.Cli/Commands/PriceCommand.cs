using System.CommandLine;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Insights;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq price</c>: the page a biller would otherwise look up by hand for one line.</summary>
internal sealed class PriceCommand : Command
{
    /// <summary>The PTP pairs the price page lists (<c>medpayiq insights --all</c> lists every one).</summary>
    private const int PricePagePairs = 20;

    /// <summary>The insight kinds that state the NCCI edits of a code: the price page's NCCI facts.</summary>
    private static readonly InsightKind[] NcciKinds = [InsightKind.UnitsLimit, InsightKind.BundledInto, InsightKind.Bundles, InsightKind.AddOn, InsightKind.AddOnsAccepted];

    /// <summary>The insight kinds of a code another Part B schedule pays (lab, DMEPOS, drug): the price page's schedule facts.</summary>
    private static readonly InsightKind[] ScheduleKinds = [InsightKind.PartBSchedule, InsightKind.CostSharing, InsightKind.LabRateChange, InsightKind.DmeposRural];

    private readonly Argument<HcpcsCode> _hcpcs = new("HCPCS") { Description = "The HCPCS code, such as 77321.", CustomParser = Parsers.Of(ClaimInput.Code) };

    private readonly Option<ModifierSet> _modifiers = new("--modifier", "-m")
    {
        Description = "A modifier (26, TC, 50, 80...); repeat it, or write 80,50.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = Parsers.OfAll(ClaimInput.Modifiers),
    };

    private readonly Option<int> _units = new("--units") { Description = "Units of service.", DefaultValueFactory = _ => 1, CustomParser = Parsers.Of(text => ClaimInput.Count(text, "units")) };
    private readonly LocationOptions _location = LocationOptions.Place();
    private readonly Option<string?> _beneficiaryZip = new("--beneficiary-zip") { Description = "The beneficiary's ZIP code: DMEPOS items are priced by its state and whether it is rural (default: --zip).", CustomParser = Parsers.Of<string?>(ClaimInput.BeneficiaryZip) };
    private readonly Option<bool> _facility = new("--facility") { Description = "Facility setting (hospital, ASC, SNF...)." };
    private readonly Option<PlaceOfService?> _pos = new("--pos") { Description = "Place of service code (two digits): it decides the setting.", CustomParser = Parsers.Of<PlaceOfService?>(text => ClaimInput.Pos(text)) };
    private readonly ReleaseOptions _release = new("Price with this release, such as RVU25A (on its first day).", "Date of service (yyyy-mm-dd); default today.");
    private readonly Option<ProviderKind?> _provider = new("--provider") { HelpName = "provider", Description = $"Who furnished the service: {ClaimInput.ProviderWords}.", CustomParser = Parsers.Of<ProviderKind?>(text => ClaimInput.Provider(text)) };
    private readonly Option<bool> _nonpar = new("--nonpar") { Description = Invariant($"Non-participating provider: {PaymentRates.NonParticipatingShare:0%} and the limiting charge ({PaymentRates.LimitingChargeShare:0%} of that).") };
    private readonly Option<bool> _qp = new("--qp") { Description = "Qualifying APM participant (2026 conversion factor 33.5675)." };
    private readonly Option<decimal?> _charge = new("--charge") { Description = "The billed charge, dollars: Medicare allows the lower of charge and fee.", CustomParser = Parsers.Of<decimal?>(text => ClaimInput.Money(text)) };
    private readonly Option<int?> _minutes = new("--minutes") { Description = "Anesthesia minutes.", CustomParser = Parsers.Of<int?>(text => ClaimInput.Count(text, "minutes")) };
    private readonly Option<int?> _baseUnits = new("--base-units") { Description = "Anesthesia base units (CMS anesthesia base units file).", CustomParser = Parsers.Of<int?>(text => ClaimInput.Count(text, "base units")) };
    private readonly NcciOptions _ncci = new();
    private readonly OutputOptions _output = OutputOptions.JsonOr("Write JSON (stable property names, amounts as numbers).");
    private readonly Option<bool> _failOnFindings = new("--fail-on-findings") { Description = "Exit 1 when the line cannot be priced." };
    private readonly TextWriter _writer;

    public PriceCommand(TextWriter output)
        : base("price", "Price one line: allowed amount, limiting charge, RVUs x GPCIs, conversion factor, release and file, confidence and every step with its CMS source.")
    {
        _writer = output;
        Arguments.Add(_hcpcs);
        Options.Add(_modifiers);
        Options.Add(_units);
        _location.AddTo(this);
        Options.Add(_beneficiaryZip);
        Options.Add(_facility);
        Options.Add(_pos);
        _release.AddTo(this);
        Options.Add(_provider);
        Options.Add(_nonpar);
        Options.Add(_qp);
        Options.Add(_charge);
        Options.Add(_minutes);
        Options.Add(_baseUnits);
        _ncci.AddTo(this);
        _output.AddTo(this);
        Options.Add(_failOnFindings);
        Validators.Add(result =>
        {
            if (result.GetValue(_facility) && result.GetResult(_pos) is not null)
            {
                Parsers.Reject(result, "give --facility or --pos, not both.");
            }
        });
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        var code = parse.GetValue(_hcpcs);
        var location = _location.GetValue(parse);
        var place = parse.GetValue(_pos);
        var (catalog, dos) = _release.CatalogAndDate(parse);
        var line = new ClaimLine(dos, code, parse.GetValue(_modifiers))
        {
            Units = parse.GetValue(_units),
            BilledCharge = parse.GetValue(_charge),
            AnesthesiaMinutes = parse.GetValue(_minutes) ?? 0,
            AnesthesiaBaseUnits = parse.GetValue(_baseUnits),
        };
        var claim = new Claim([line])
        {
            Location = location,
            PlaceOfService = place,
            Setting = parse.GetValue(_facility) ? PricingSetting.Facility : PricingSetting.NonFacility,
            Provider = parse.GetValue(_provider) ?? ProviderKind.Physician,
            Participation = parse.GetValue(_nonpar) ? Participation.NonParticipating : Participation.Participating,
            ApmStatus = parse.GetValue(_qp) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
            BeneficiaryZip = parse.GetValue(_beneficiaryZip),
        };
        var calculator = ExactReleaseOption.Calculator(parse, catalog);
        var priced = calculator.Price(claim).Lines[0];
        var facts = new CodeInsights(calculator, _ncci.GetValue(parse)).For(code, new InsightRequest(dos, location, place?.Setting ?? claim.Setting, claim.ApmStatus) { BeneficiaryZip = claim.BeneficiaryZip });
        if (_output.IsJson(parse))
        {
            var ncci = facts.Insights.Where(i => NcciKinds.Contains(i.Kind)).ToList();
            var ncciJson = NcciFactsJson.Of(ncci, facts.NcciTables, ncci.Select(i => i.Text).Concat(NcciSummary(facts, ncci.Count(i => i.PtpEdit is not null))));
            WriteJson(_writer, LinePriceJson.Of(claim, priced, includeSteps: true, ncciJson, [.. facts.Insights.Where(i => ScheduleKinds.Contains(i.Kind)).Select(i => i.Text)]), CliJsonContext.Default.LinePriceJson);
        }
        else
        {
            WritePricePage(_writer, claim, priced, facts);
        }

        return parse.GetValue(_failOnFindings) && priced.Outcome != PriceOutcome.Priced ? Findings : Ok;
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

        if (service.Rvus is { } r && p.Outcome == PriceOutcome.Priced && p.Status != StatusCode.Anesthesia && p.Schedule == PaymentSchedule.PhysicianFeeSchedule)
        {
            var gpci = service.Locality;
            bool fac = service.Setting == PricingSetting.Facility;
            o.WriteLine();
            o.WriteLine("RVUs x GPCIs");
            o.WriteLine(Invariant($"  work {r.WorkRvu,6:0.00} x {gpci?.WorkGpci ?? 1m,5:0.000} = {service.WorkComponent,8:0.0000}"));
            o.WriteLine(Invariant($"  PE   {(fac ? r.FacilityPracticeExpenseRvu : r.NonFacilityPracticeExpenseRvu),6:0.00} x {gpci?.PracticeExpenseGpci ?? 1m,5:0.000} = {service.PracticeExpenseComponent,8:0.0000}  ({setting}{((fac ? r.FacilityNotApplicable : r.NonFacilityNotApplicable) ? ", NA" : "")})"));
            o.WriteLine(Invariant($"  MP   {r.MalpracticeRvu,6:0.00} x {gpci?.MalpracticeGpci ?? 1m,5:0.000} = {service.MalpracticeComponent,8:0.0000}"));
            o.WriteLine(Invariant($"  x conversion factor {p.ConversionFactor} = fee schedule amount {p.FeeScheduleAmount:0.00}"));
            o.WriteLine(Invariant($"  status {(char)r.Status}, PC/TC {(int)r.PcTc}, global {IndicatorCodes.GlobalDays(r.GlobalPeriod)}, mult proc {(int)r.MultipleProcedure}, bilateral {(int)r.BilateralSurgery}, assistant {(int)r.AssistantAtSurgery}, co-surgeons {(int)r.CoSurgeons}, team {(int)r.TeamSurgery}"));
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

        if (p.Schedule != PaymentSchedule.PhysicianFeeSchedule)
        {
            o.WriteLine();
            o.WriteLine(Invariant($"Schedule {p.Schedule}: {string.Join("; ", p.Steps.Where(s => s.Rule == PricingRule.PartBSchedule).Select(s => s.Source))}"));
            foreach (var insight in facts.Insights.Where(i => ScheduleKinds.Contains(i.Kind)))
            {
                o.WriteLine($"  [{insight.Kind}] {insight.Text}");
            }
        }
        else if (p.Release is { } release)
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
}

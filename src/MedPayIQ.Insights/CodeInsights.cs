using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Insights;

/// <summary>
/// Computes the "billing tips" of a HCPCS code from the loaded CMS data: what gets it denied (units limit, PTP pairs,
/// add-on rules, status), what it pays in each setting, component and surgery modifier, and how its family pays.
/// Every dollar figure is the allowed amount of a claim the <see cref="PaymentCalculator"/> priced (kept in
/// <see cref="CodeInsight.Amounts"/>), so an insight never states a figure the calculator would not compute.
/// Immutable and safe to share between threads.
/// </summary>
/// <example>
/// <code>
/// var insights = new CodeInsights(PackagedFeeSchedules.Catalog, PackagedNcci.Catalog);
/// var report = insights.For(HcpcsCode.Parse("77321"), new InsightRequest(new DateOnly(2025, 3, 1)));
/// foreach (var insight in report.Insights) Console.WriteLine(insight.Text);
/// </code>
/// </example>
public sealed class CodeInsights
{
    private readonly FeeScheduleCatalog _catalog;
    private readonly NcciCatalog _ncci;
    private readonly PaymentCalculator _calculator;

    /// <summary>Creates an insight source over fee schedule releases and, optionally, NCCI tables.</summary>
    /// <param name="catalog">The fee schedule releases.</param>
    /// <param name="ncci">The NCCI tables (PTP, MUE, add-on edits); <c>null</c>: none, and the report says so.</param>
    /// <param name="conversionFactors">The conversion factors by date; <c>null</c>: <see cref="ConversionFactorSchedule.Medicare"/>.</param>
    public CodeInsights(FeeScheduleCatalog catalog, NcciCatalog? ncci = null, ConversionFactorSchedule? conversionFactors = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _ncci = ncci ?? NcciCatalog.Empty;
        _calculator = new PaymentCalculator(catalog, conversionFactors);
    }

    /// <summary>The insights about a code on a date of service, in a location and setting.</summary>
    /// <param name="hcpcs">The code.</param>
    /// <param name="request">The date of service, location and setting.</param>
    /// <exception cref="ArgumentException"><paramref name="hcpcs"/> is the default (no code).</exception>
    public CodeInsightReport For(HcpcsCode hcpcs, InsightRequest request)
    {
        if (!hcpcs.IsSome)
        {
            throw new ArgumentException("A HCPCS code is required.", nameof(hcpcs));
        }

        var resolution = _catalog.Resolve(request.DateOfService);
        var builder = new InsightBuilder(this, hcpcs, request, resolution.Release);
        builder.Build();
        return new CodeInsightReport(hcpcs, request, resolution.Release, resolution.Reason, builder.Insights.ToImmutable(), builder.Notes.ToImmutable());
    }

    private sealed class InsightBuilder(CodeInsights owner, HcpcsCode code, InsightRequest request, FeeScheduleRelease? release)
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
        private readonly PricingSetting[] _settings = request.Setting is { } s ? [s] : [PricingSetting.NonFacility, PricingSetting.Facility];

        public ImmutableArray<CodeInsight>.Builder Insights { get; } = ImmutableArray.CreateBuilder<CodeInsight>();

        public ImmutableArray<string>.Builder Notes { get; } = ImmutableArray.CreateBuilder<string>();

        private PricingSetting Primary => _settings[0];

        private DateOnly Date => request.DateOfService;

        private string Where => request.Location.Kind == PricingLocationKind.National ? "national" : request.Location.ToString();

        public void Build()
        {
            if (release is null)
            {
                Notes.Add($"No fee schedule release covers {Date:yyyy-MM-dd}: no amounts, status or indicators.");
            }
            else
            {
                var rows = release.Rvus.GetRows(code);
                Validity(rows);
                if (!rows.IsEmpty)
                {
                    var global = rows[0];
                    Status(global);
                    Price(global);
                    OppsCap(rows);
                    Components(rows);
                    SettingNotApplicable(rows);
                    GlobalPeriod(global);
                    SurgeryModifiers(global);
                    MultipleProcedure(global);
                    Family(global);
                }
            }

            UnitsLimit();
            Bundling();
            AddOn();
        }

        // ---- fee schedule ------------------------------------------------------------------------------------------

        private void Validity(ReadOnlySpan<RvuEntry> rows)
        {
            var r = release!;
            var others = owner._catalog.Releases;
            FeeScheduleRelease? before = null, after = null;
            foreach (var other in others)
            {
                if (other.Id.CompareTo(r.Id) < 0 && other.Rvus.Contains(code))
                {
                    before = other; // the latest earlier release that has it
                }
            }

            foreach (var other in others)
            {
                if (other.Id.CompareTo(r.Id) > 0 && other.Rvus.Contains(code) == rows.IsEmpty)
                {
                    after = other; // the first later release where presence changes
                    break;
                }
            }

            if (rows.IsEmpty)
            {
                var text = $"{code} is not in {r.Id}, the release in force on {Date.ToString("yyyy-MM-dd", Inv)}: it cannot be paid under the fee schedule on that date.";
                var evidence = ImmutableArray.CreateBuilder<InsightEvidence>();
                evidence.Add(new InsightEvidence(r.Id.ToString(), RvuFile(r), $"no row for {code}", r.RvuFileSha256));
                if (before is not null && before.Rvus.TryGet(code, Modifier.None, out var last))
                {
                    text += $" It was last in {before.Id} (from {before.EffectiveFrom.ToString("yyyy-MM-dd", Inv)}) with status {(char)last.Status}.";
                    evidence.Add(RowEvidence(before, last, $"status {(char)last.Status}"));
                }

                if (after is not null && after.Rvus.TryGet(code, Modifier.None, out var next))
                {
                    text += $" It is in {after.Id}, from {after.EffectiveFrom.ToString("yyyy-MM-dd", Inv)}, with status {(char)next.Status}.";
                    evidence.Add(RowEvidence(after, next, $"status {(char)next.Status}"));
                }

                Add(InsightKind.Validity, text, null, [], evidence.ToImmutable(), []);
                return;
            }

            if (after is not null)
            {
                Add(InsightKind.Validity,
                    $"{code} is not in the later release {after.Id} (from {after.EffectiveFrom.ToString("yyyy-MM-dd", Inv)}): it can be paid for dates of service before that only.",
                    null, [], [RowEvidence(r, rows[0], $"status {(char)rows[0].Status}"), new InsightEvidence(after.Id.ToString(), RvuFile(after), $"no row for {code}", after.RvuFileSha256)], []);
            }
            else if (before is null && others.Length > 1 && others[0].Id.CompareTo(r.Id) < 0)
            {
                var first = others[0];
                Add(InsightKind.Validity,
                    $"{code} is new in {r.Id}: the earlier releases loaded ({string.Join(", ", others.Where(o => o.Id.CompareTo(r.Id) < 0).Select(o => o.Id))}) do not have it.",
                    null, [], [RowEvidence(r, rows[0], $"status {(char)rows[0].Status}"), new InsightEvidence(first.Id.ToString(), RvuFile(first), $"no row for {code}", first.RvuFileSha256)], []);
            }
        }

        private void Status(in RvuEntry global)
        {
            string? text = global.Status switch
            {
                StatusCode.Active => null,
                StatusCode.Injection => "Status T: paid only when no other fee schedule service is billed by the same provider on the same day; billed with one, it is bundled and not paid.",
                StatusCode.RestrictedCoverage => "Status R: restricted coverage; paid only when the contractor finds the coverage conditions met, and then priced by the contractor.",
                StatusCode.Bundled => "Status B: always bundled into other services; never paid separately, even billed alone ($0); the file's RVUs are not used for payment.",
                StatusCode.BundledOrExcluded => "Status P: bundled or excluded; no separate payment under the fee schedule.",
                StatusCode.CarrierPriced => "Status C: carrier priced; there is no national amount, the Medicare contractor sets the payment case by case.",
                StatusCode.NotValidForMedicare => "Status I: not valid for Medicare; Medicare pays another code for the service.",
                StatusCode.NonCovered => "Status N: not covered by Medicare; the beneficiary may be billed (with an advance notice where required).",
                StatusCode.StatutoryExclusion => "Status X: excluded by statute from the fee schedule (not a physician service, or paid under another fee schedule).",
                StatusCode.Excluded => "Status E: excluded from the fee schedule by regulation.",
                StatusCode.Measurement => "Status M: a measurement code, reported for quality programs; $0.",
                StatusCode.Anesthesia => "Status J: anesthesia service; no RVUs, paid by base and time units times the anesthesia conversion factor.",
                StatusCode.Deleted or StatusCode.DeletedNoGracePeriod or StatusCode.DeletedModifier => $"Status {(char)global.Status}: deleted; not payable for this date.",
                StatusCode.NotValidWithGracePeriod => "Status G: not valid for Medicare; another code is used.",
                _ => null,
            };
            if (text is null)
            {
                return;
            }

            InsightAmount? atRisk = null;
            if (global.Status == StatusCode.Injection && PriceLine(Primary, default, 1) is { } amount)
            {
                atRisk = amount with { Label = "amount at risk" };
                text = text[..^1] + $": {Usd(atRisk.Amount)} at risk.";
            }

            Add(InsightKind.Status, text, atRisk?.Amount, atRisk is null ? [] : [atRisk], [RowEvidence(release!, global, $"STATUS CODE {(char)global.Status}")], []);
        }

        private void Price(in RvuEntry global)
        {
            var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
            decimal cf = 0m;
            foreach (var setting in _settings)
            {
                var (priced, factor) = Priced(code, setting, default, 1);
                if (priced is { } a)
                {
                    cf = amounts.Count == 0 ? factor : cf;
                    bool na = setting == PricingSetting.Facility ? global.FacilityNotApplicable : global.NonFacilityNotApplicable;
                    amounts.Add(a with { Label = Setting(setting) + (na ? " (NA)" : "") });
                }
            }

            if (amounts.Count == 0)
            {
                return;
            }

            string list = string.Join(", ", amounts.Select(a => $"{Usd(a.Amount)} {a.Label}"));
            Add(InsightKind.Price,
                $"{Capital(Where)} amount under {release!.Id} on {Date.ToString("yyyy-MM-dd", Inv)}: {list} (conversion factor {cf.ToString(Inv)} $/RVU).",
                amounts[0].Amount, amounts.ToImmutable(),
                [RowEvidence(release, global, string.Create(Inv, $"WORK RVU {global.WorkRvu}, NON-FAC PE RVU {global.NonFacilityPracticeExpenseRvu}, FACILITY PE RVU {global.FacilityPracticeExpenseRvu}, MP RVU {global.MalpracticeRvu}"))],
                []);
        }

        private void OppsCap(ReadOnlySpan<RvuEntry> rows)
        {
            var capped = new List<RvuEntry>();
            foreach (var row in rows)
            {
                if (row.HasOppsRvus)
                {
                    capped.Add(row);
                }
            }

            var r = release!;
            if (capped.Count == 0)
            {
                Add(InsightKind.OppsCap,
                    $"No OPPS cap: {r.Id}'s PPRRVU file has no OPPS RVUs for {code}, so the fee schedule amount is paid uncapped.",
                    null, [], [RowEvidence(r, rows[0], "PE/MP USED FOR OPPS PAYMENT AMOUNT 0.00")], []);
                return;
            }

            foreach (var row in capped)
            {
                var line = Line(row.Modifier.IsSome ? ModifierSet.Of(row.Modifier) : default, 1);
                var claim = NewClaim(PricingSetting.NonFacility, line);
                var service = owner._calculator.Price(claim).Lines[0].Service;
                if (service.Outcome != PriceOutcome.Priced || service.OppsCapAmount is not { } cap)
                {
                    continue;
                }

                string label = Label(row.Modifier);
                var before = new InsightAmount($"{label} fee schedule amount", service.AmountBeforeOppsCap, claim, 1, InsightMeasure.AmountBeforeOppsCap);
                var opps = new InsightAmount($"{label} OPPS-based amount", cap, claim, 1, InsightMeasure.OppsCapAmount);
                var paid = new InsightAmount($"{label} paid", service.FeeScheduleAmount, claim, 1);
                string verdict = cap < service.AmountBeforeOppsCap ? "the cap binds" : "the cap does not bind";
                Add(InsightKind.OppsCap,
                    $"OPPS cap on {label}: in the non-facility setting it is paid the lesser of the fee schedule amount {Usd(before.Amount)} and the OPPS-based amount {Usd(opps.Amount)} ({Where}): {verdict}, {Usd(paid.Amount)}.",
                    paid.Amount, [before, opps, paid],
                    [RowEvidence(r, row, string.Create(Inv, $"OPPS PE RVU {row.OppsNonFacilityPracticeExpenseRvu}, OPPS MP RVU {row.OppsMalpracticeRvu}"))], []);
            }
        }

        private void Components(ReadOnlySpan<RvuEntry> rows)
        {
            var global = rows[0];
            var r = release!;
            string indicator = string.Create(Inv, $"PCTC IND {(int)global.PcTc}");
            switch (global.PcTc)
            {
                case PcTcIndicator.DiagnosticTest:
                {
                    var whole = PriceLine(Primary, default, 1);
                    var pc = PriceLine(Primary, ModifierSet.Of(Modifier.ProfessionalComponent), 1);
                    var tc = PriceLine(Primary, ModifierSet.Of(Modifier.TechnicalComponent), 1);
                    var evidence = ImmutableArray.CreateBuilder<InsightEvidence>();
                    foreach (var row in rows)
                    {
                        evidence.Add(RowEvidence(r, row, indicator));
                    }

                    string figures = whole is not null && pc is not null && tc is not null
                        ? $"global {Usd(whole.Amount)} = professional component (26) {Usd(pc.Amount)} + technical component (TC) {Usd(tc.Amount)}{(pc.Amount + tc.Amount == whole.Amount ? "" : " (each row is priced on its own RVUs, so the parts need not add up)")}, {Setting(Primary)}"
                        : "the 26 and TC rows are priced on their own RVUs";
                    Add(InsightKind.Components,
                        $"A diagnostic test with professional and technical components: {figures}. Bill the global only when the same practitioner does both; the practitioner who only interprets bills 26, the owner of the equipment bills TC.",
                        pc?.Amount, Labelled(["global", "26", "TC"], whole, pc, tc), evidence.ToImmutable(), []);
                    break;
                }

                case PcTcIndicator.ProfessionalComponentOnly:
                    Add(InsightKind.Components, $"{code} is a professional-component-only code (the interpretation): modifiers 26 and TC do not apply to it.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                case PcTcIndicator.TechnicalComponentOnly:
                    Add(InsightKind.Components, $"{code} is a technical-component-only code: modifiers 26 and TC do not apply; the interpretation has a code of its own.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                case PcTcIndicator.GlobalTestOnly:
                    Add(InsightKind.Components, $"{code} is a global-test-only code: its professional and technical parts have codes of their own; modifiers 26 and TC do not apply.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                case PcTcIndicator.IncidentTo:
                    Add(InsightKind.Components, $"{code} is an incident-to code: modifiers 26 and TC do not apply, and it is not paid for hospital inpatients or outpatients.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                case PcTcIndicator.LaboratoryPhysicianInterpretation:
                    Add(InsightKind.Components, $"{code} is a clinical laboratory code with a separately paid physician interpretation: only the 26 row is paid under the fee schedule.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                case PcTcIndicator.PhysicalTherapy:
                    Add(InsightKind.Components, $"{code} is a physical therapy service: not paid when an independently practicing therapist furnishes it to a hospital patient.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                case PcTcIndicator.PhysicianInterpretation:
                    Add(InsightKind.Components, $"{code} is a physician interpretation code: only the professional component is paid; the technical part is paid under another system.", null, [], [RowEvidence(r, global, indicator)], []);
                    break;
                default:
                    break;
            }
        }

        private void SettingNotApplicable(ReadOnlySpan<RvuEntry> rows)
        {
            var r = release!;
            foreach (var setting in _settings)
            {
                bool facility = setting == PricingSetting.Facility;
                var na = new List<RvuEntry>();
                foreach (var row in rows)
                {
                    if (row.Status == StatusCode.Active && (facility ? row.FacilityNotApplicable : row.NonFacilityNotApplicable))
                    {
                        na.Add(row);
                    }
                }

                if (na.Count == 0)
                {
                    continue;
                }

                string which = string.Join(" and ", na.Select(e => e.Modifier.IsSome ? e.Modifier.ToString() : "global"));
                string text = $"{Capital(which)} {(na.Count > 1 ? "rows are" : "row is")} NA in the {Setting(setting)} setting (rarely or never done there); CMS's PF files still carry an amount from the file's PE.";
                var amounts = ImmutableArray<InsightAmount>.Empty;
                decimal? impact = null;
                bool pcOpen = false;
                foreach (var row in rows)
                {
                    pcOpen |= row.Modifier == Modifier.ProfessionalComponent && !(facility ? row.FacilityNotApplicable : row.NonFacilityNotApplicable);
                }

                if (facility && pcOpen && PriceLine(setting, ModifierSet.Of(Modifier.ProfessionalComponent), 1) is { } pc)
                {
                    text += $" For a hospital patient the technical component is paid to the hospital: the practitioner bills {code}-26, {Usd(pc.Amount)} in the facility setting.";
                    amounts = [pc with { Label = "26 facility" }];
                    impact = pc.Amount;
                }

                Add(InsightKind.SettingNotApplicable, text, impact, amounts,
                    [.. na.Select(e => RowEvidence(r, e, facility ? "FACILITY NA INDICATOR NA" : "NON-FAC NA INDICATOR NA"))], []);
            }
        }

        private void GlobalPeriod(in RvuEntry global)
        {
            var r = release!;
            string days = IndicatorCodes.GlobalDays(global.GlobalPeriod);
            var evidence = ImmutableArray.Create(RowEvidence(r, global, string.Create(Inv, $"GLOB DAYS {days}, PRE OP {global.PreOperativeShare}, INTRA OP {global.IntraOperativeShare}, POST OP {global.PostOperativeShare}")));
            switch (global.GlobalPeriod)
            {
                case Pricing.GlobalPeriod.NotApplicable:
                    Add(InsightKind.GlobalPeriod, "Global period XXX: the global surgery rules do not apply; visits on the same or following days are paid on their own.", null, [], evidence, []);
                    return;
                case Pricing.GlobalPeriod.Days0:
                    Add(InsightKind.GlobalPeriod, "Global period 000: the fee includes the visit the day before and visits the same day (unless modifier 25 or 57 applies); no post-operative days.", null, [], evidence, []);
                    break;
                case Pricing.GlobalPeriod.Days10:
                case Pricing.GlobalPeriod.Days90:
                    int n = global.GlobalPeriod == Pricing.GlobalPeriod.Days10 ? 10 : 90;
                    Add(InsightKind.GlobalPeriod, $"Global period {days}: the fee includes the visit the day before (90-day codes), visits the same day and {n} days of follow-up care; a visit in that window for the same problem is not paid.", null, [], evidence, []);
                    break;
                case Pricing.GlobalPeriod.Maternity:
                    Add(InsightKind.GlobalPeriod, "Global period MMM: a maternity code; the global obstetric package rules apply.", null, [], evidence, []);
                    return;
                case Pricing.GlobalPeriod.CarrierDetermined:
                    Add(InsightKind.GlobalPeriod, "Global period YYY: the contractor sets the global period.", null, [], evidence, []);
                    return;
                default:
                    Add(InsightKind.GlobalPeriod, "Global period ZZZ: the code is part of another service and falls within that service's global period.", null, [], evidence, []);
                    return;
            }

            if (global.PreOperativeShare + global.IntraOperativeShare + global.PostOperativeShare <= 0m)
            {
                return;
            }

            var shares = new (string Mod, string What, decimal Share)[]
            {
                ("54", "surgical care only", global.IntraOperativeShare),
                ("55", "post-operative care only", global.PostOperativeShare),
                ("56", "pre-operative care only", global.PreOperativeShare),
            };
            var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
            var parts = new List<string>();
            foreach (var (mod, what, share) in shares)
            {
                if (PriceLine(Primary, ModifierSet.Of(Modifier.Parse(mod)), 1) is { } a)
                {
                    amounts.Add(a with { Label = mod });
                    parts.Add(string.Create(Inv, $"{mod} ({what}, {share:0.00##}) {Usd(a.Amount)}"));
                }
            }

            if (parts.Count > 0)
            {
                Add(InsightKind.GlobalPeriod,
                    $"Split global care, {Setting(Primary)}: {string.Join("; ", parts)}. When physicians share the global package, each bills the same code with his part's modifier.",
                    amounts[0].Amount, amounts.ToImmutable(), evidence, []);
            }
        }

        private void SurgeryModifiers(in RvuEntry global)
        {
            // The surgery indicators of services outside the global surgery rules (XXX) are mostly 0 ("restriction
            // applies"): they are stated for procedures, and for other codes only where a modifier pays.
            var r = release!;
            bool procedure = global.GlobalPeriod is Pricing.GlobalPeriod.Days0 or Pricing.GlobalPeriod.Days10 or Pricing.GlobalPeriod.Days90;
            if (global.BilateralSurgery != BilateralSurgeryIndicator.NotApplicable && (procedure || global.BilateralSurgery != BilateralSurgeryIndicator.NoAdjustment))
            {
                string rule = global.BilateralSurgery switch
                {
                    BilateralSurgeryIndicator.NoAdjustment => "the 150% bilateral adjustment does not apply (indicator 0)",
                    BilateralSurgeryIndicator.Adjustment150 => "a bilateral procedure is paid 150% of one side (indicator 1)",
                    BilateralSurgeryIndicator.AlreadyBilateral => "the code is already bilateral: 50 pays 100% (indicator 2)",
                    _ => "each side is paid 100% (indicator 3)",
                };
                Modifiers(InsightKind.Bilateral, global, $"Bilateral: {rule}", "BILAT SURG", (int)global.BilateralSurgery, ("50", "a line billed with 50"));
            }

            if (global.AssistantAtSurgery != AssistantAtSurgeryIndicator.NotApplicable && (procedure || global.AssistantAtSurgery == AssistantAtSurgeryIndicator.Paid))
            {
                string rule = global.AssistantAtSurgery switch
                {
                    AssistantAtSurgeryIndicator.DocumentationRequired => "paid with documentation of medical necessity (indicator 0)",
                    AssistantAtSurgeryIndicator.NotPaid => "not paid (indicator 1)",
                    _ => "paid (indicator 2)",
                };
                Modifiers(InsightKind.AssistantAtSurgery, global, $"Assistant at surgery: {rule}", "ASST SURG", (int)global.AssistantAtSurgery, ("80", "a physician assistant at surgery (80/81/82)"), ("AS", "a non-physician assistant (AS)"));
            }

            if (global.CoSurgeons != CoSurgeonIndicator.NotApplicable && (procedure || global.CoSurgeons != CoSurgeonIndicator.NotPermitted))
            {
                string rule = global.CoSurgeons switch
                {
                    CoSurgeonIndicator.NotPermitted => "not permitted (indicator 0)",
                    CoSurgeonIndicator.DocumentationRequired => "paid with documentation (indicator 1)",
                    _ => "permitted (indicator 2)",
                };
                Modifiers(InsightKind.CoSurgery, global, $"Co-surgeons: {rule}", "CO-SURG", (int)global.CoSurgeons, ("62", "each co-surgeon (62)"));
            }

            if (global.TeamSurgery != TeamSurgeryIndicator.NotApplicable && (procedure || global.TeamSurgery != TeamSurgeryIndicator.NotPermitted))
            {
                string rule = global.TeamSurgery switch
                {
                    TeamSurgeryIndicator.NotPermitted => "not permitted (indicator 0)",
                    TeamSurgeryIndicator.DocumentationRequired => "paid by report, with documentation (indicator 1)",
                    _ => "permitted, priced by report (indicator 2)",
                };
                Add(InsightKind.TeamSurgery, $"Team surgery (66): {rule}; the contractor prices team surgery case by case, so there is no fee schedule amount.", null, [],
                    [RowEvidence(r, global, string.Create(Inv, $"TEAM SURG {(int)global.TeamSurgery}"))], []);
            }
        }

        private void Modifiers(InsightKind kind, in RvuEntry global, string rule, string field, int indicator, params (string Modifier, string Who)[] modifiers)
        {
            var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
            var parts = new List<string>();
            foreach (var (mod, who) in modifiers)
            {
                var line = Line(ModifierSet.Of(Modifier.Parse(mod)), 1);
                var claim = NewClaim(Primary, line);
                var priced = owner._calculator.Price(claim).Lines[0];
                if (priced.Outcome == PriceOutcome.Priced)
                {
                    var a = new InsightAmount(mod, priced.AllowedAmount, claim, 1);
                    amounts.Add(a);
                    parts.Add($"{who} is paid {Usd(a.Amount)}");
                }
                else
                {
                    parts.Add($"{who}: {priced.Reason.TrimEnd('.')}");
                }
            }

            Add(kind, $"{rule}. {Setting(Primary, capital: true)}: {string.Join("; ", parts)}.", amounts.Count > 0 ? amounts[0].Amount : null, amounts.ToImmutable(),
                [RowEvidence(release!, global, string.Create(Inv, $"{field} {indicator}"))], []);
        }

        private void MultipleProcedure(in RvuEntry global)
        {
            var r = release!;
            var evidence = ImmutableArray.Create(RowEvidence(r, global, string.Create(Inv, $"MULT PROC {(int)global.MultipleProcedure}")));
            switch (global.MultipleProcedure)
            {
                case MultipleProcedureIndicator.None:
                    Add(InsightKind.MultipleProcedure, "Multiple procedure indicator 0: no multiple procedure reduction; paid in full with other procedures the same day.", null, [], evidence, []);
                    return;
                case MultipleProcedureIndicator.NotApplicable:
                    return;
                case MultipleProcedureIndicator.Therapy:
                {
                    var one = PriceLine(Primary, default, 1);
                    var two = PriceLine(Primary, default, 2);
                    if (one is null || two is null)
                    {
                        return;
                    }

                    Add(InsightKind.MultipleProcedure,
                        $"Therapy (indicator 5): the second and later units and services of the day are paid with 50% of their practice expense: one unit {Usd(one.Amount)}, two units {Usd(two.Amount)}, {Setting(Primary)}.",
                        two.Amount, [one with { Label = "1 unit" }, two with { Label = "2 units" }], evidence, []);
                    return;
                }

                default:
                    break;
            }

            string rule = global.MultipleProcedure switch
            {
                MultipleProcedureIndicator.Standard1995 or MultipleProcedureIndicator.Standard => "standard multiple procedure rules: billed with a procedure of equal or higher value the same day (modifier 51), it is paid 50% (the sixth and later by report)",
                MultipleProcedureIndicator.Endoscopy => "the endoscopy family rule: billed with another member of its family, it is paid its amount less the base code's",
                MultipleProcedureIndicator.DiagnosticImaging => "the diagnostic imaging rule: the technical component of the second and later services of the same session is paid 50%, the professional component 95%",
                MultipleProcedureIndicator.DiagnosticCardiovascular => "the diagnostic cardiovascular rule: the technical component of the second and later services the same day is paid 75%",
                _ => "the diagnostic ophthalmology rule: the technical component of the second and later services the same day is paid 80%",
            };

            // Two lines of the code on one date: the second is the lower-ranked service, reduced as the rule says.
            var claim = NewClaim(Primary, Line(default, 1), Line(global.MultipleProcedure is MultipleProcedureIndicator.Standard1995 or MultipleProcedureIndicator.Standard ? ModifierSet.Of(Modifier.Parse("51")) : default, 1));
            var priced = owner._calculator.Price(claim);
            if (priced.Lines[0].Outcome != PriceOutcome.Priced || priced.Lines[1].Outcome != PriceOutcome.Priced)
            {
                Add(InsightKind.MultipleProcedure, $"Multiple procedure indicator {(int)global.MultipleProcedure}: {rule}.", null, [], evidence, []);
                return;
            }

            var first = new InsightAmount("first", priced.Lines[0].AllowedAmount, claim, 1);
            var second = new InsightAmount("second", priced.Lines[1].AllowedAmount, claim, 2);
            Add(InsightKind.MultipleProcedure,
                $"Multiple procedure indicator {(int)global.MultipleProcedure}: {rule}. Billed twice the same day, the first is paid {Usd(first.Amount)} and the second {Usd(second.Amount)} ({Setting(Primary)}).",
                second.Amount, [first, second], evidence, []);
        }

        private void Family(in RvuEntry global)
        {
            var r = release!;
            if (global.EndoscopicBaseCode.IsSome && global.EndoscopicBaseCode != code)
            {
                var @base = global.EndoscopicBaseCode;
                var members = Members(@base);
                var baseAmount = PriceCode(@base);
                var claim = NewClaim(Primary, Line(default, 1), Line(default, 1));
                var priced = owner._calculator.Price(claim);
                var amounts = ImmutableArray.CreateBuilder<InsightAmount>();
                string text = $"Endoscopy family of base {@base} ({members.Count} codes in {r.Id}): billed the same day with the base or another member, the family is paid as one procedure";
                if (baseAmount is not null)
                {
                    amounts.Add(baseAmount with { Label = $"{@base} (base)" });
                    text += $"; the base {@base} is {Usd(baseAmount.Amount)}";
                }

                if (priced.Lines[1].Outcome == PriceOutcome.Priced)
                {
                    var second = new InsightAmount("as the second member", priced.Lines[1].AllowedAmount, claim, 2);
                    amounts.Add(second);
                    text += $", and {code} as the lower-valued member is paid its amount less the base's: {Usd(second.Amount)}";
                }

                Add(InsightKind.Family, text + $" ({Setting(Primary)}).", amounts.Count > 0 ? amounts[^1].Amount : null, amounts.ToImmutable(),
                    [RowEvidence(r, global, $"ENDO BASE {@base}")], [@base, .. members.Where(m => m != code)]);
            }
            else
            {
                var members = Members(code);
                members.Remove(code);
                if (members.Count == 0)
                {
                    return;
                }

                var self = PriceLine(Primary, default, 1);
                var amounts = self is null ? [] : ImmutableArray.Create(self with { Label = $"{code} (base)" });
                Add(InsightKind.Family,
                    $"{code} is the base of an endoscopy family of {members.Count} codes in {r.Id}: billed the same day as a member of its family it is not paid{(self is null ? "" : $" ({Usd(self.Amount)} at risk)")}, and each member is paid its amount less the base's.",
                    self?.Amount, amounts, [RowEvidence(r, global, "ENDO BASE of the family members")], [.. members]);
            }
        }

        private List<HcpcsCode> Members(HcpcsCode @base)
        {
            var members = new List<HcpcsCode>();
            foreach (var e in release!.Rvus.Entries)
            {
                if (!e.Modifier.IsSome && (e.EndoscopicBaseCode == @base || e.Hcpcs == @base) && !members.Contains(e.Hcpcs))
                {
                    members.Add(e.Hcpcs);
                }
            }

            return members;
        }

        // ---- NCCI ----------------------------------------------------------------------------------------------------

        private void UnitsLimit()
        {
            if (owner._ncci.Resolve(NcciTableKind.MuePractitioner, Date, out string why) is not MueTable table)
            {
                Notes.Add($"Units limit unknown: {why} (load CMS's practitioner MUE file).");
                return;
            }

            Caveat(table, why);
            if (!table.TryGet(code, out var mue))
            {
                Notes.Add($"{table.Source}: no practitioner MUE for {code}.");
                return;
            }

            string scope = mue.Adjudication == MueAdjudication.Line ? "per claim line" : "per date of service";
            string rule = mue.Adjudication switch
            {
                MueAdjudication.Line => "a line with more units is denied whole (MAI 1, line edit)",
                MueAdjudication.DateOfServicePolicy => "all units of the code that date are denied when they add up to more (MAI 2, date of service edit by policy: no appeal pays more)",
                _ => "all units of the code that date are denied when they add up to more (MAI 3, date of service edit, clinical: documentation on appeal may pay more)",
            };
            int over = checked(mue.Value + 1);
            string text = string.Create(Inv, $"Bill at most {mue.Value} unit{(mue.Value == 1 ? "" : "s")} {scope}: {rule}");
            var amounts = ImmutableArray<InsightAmount>.Empty;
            decimal? impact = null;
            if (release is not null && PriceLine(Primary, default, over) is { } atRisk)
            {
                amounts = [atRisk with { Label = string.Create(Inv, $"{over} units at risk") }];
                impact = atRisk.Amount;
                text += string.Create(Inv, $"; a line of {over} units, {Usd(atRisk.Amount)}, is at risk");
            }

            Add(InsightKind.UnitsLimit, text + ".", impact, amounts,
                [Evidence(table, string.Create(Inv, $"{code}: MUE {mue.Value}, MAI {(int)mue.Adjudication}, {mue.Rationale}"))], []);
        }

        private void Bundling()
        {
            if (owner._ncci.Resolve(NcciTableKind.PtpPractitioner, Date, out string why) is not PtpTable table)
            {
                Notes.Add($"PTP pairs unknown: {why} (load CMS's practitioner PTP files).");
                return;
            }

            Caveat(table, why);
            var found = new List<(CodeInsight Insight, decimal Order)>();
            var prices = new Dictionary<HcpcsCode, InsightAmount?>();
            foreach (var edit in table.EditsOf(code))
            {
                if (!edit.AppliesOn(Date))
                {
                    continue;
                }

                bool second = edit.Column2 == code;
                var other = second ? edit.Column1 : edit.Column2;
                var denied = second ? code : edit.Column2;
                if (!prices.TryGetValue(denied, out var atRisk))
                {
                    atRisk = PriceCode(denied);
                    prices[denied] = atRisk;
                }

                string bypass = edit.ModifierIndicator == PtpModifierIndicator.Allowed
                    ? $"modifier indicator 1: an NCCI-associated modifier (59 or XE/XS/XP/XU, an anatomic modifier, 24/25/57/58/78/79, 27 or 91) on the {denied} line bypasses it when the services are distinct and documented"
                    : "modifier indicator 0: no modifier bypasses it";
                string since = string.Create(Inv, $"in force since {edit.Effective:yyyy-MM-dd}{(edit.Deletion is { } d ? $" through {d:yyyy-MM-dd}" : "")}");
                string risk = atRisk is null ? $"{denied} has no fee schedule amount here" : $"{Usd(atRisk.Amount)} at risk";
                string text = second
                    ? $"Denied when billed with {other} on the same date (PTP column 1 {other} / column 2 {code}, {since}, {edit.Rationale}); {bypass}; {risk}."
                    : $"{other} is denied when billed with {code} on the same date (PTP column 1 {code} / column 2 {other}, {since}, {edit.Rationale}); {bypass}; {risk}.";
                var insight = new CodeInsight(second ? InsightKind.BundledInto : InsightKind.Bundles, text, atRisk?.Amount,
                    atRisk is null ? [] : [atRisk with { Label = $"{denied} at risk" }], [Evidence(table, edit.ToString())], [other]);
                found.Add((insight, atRisk?.Amount ?? -1m));
            }

            // Column 2 edits first (what gets this code denied), then by amount at risk, largest first.
            foreach (var (insight, _) in found.OrderBy(f => f.Insight.Kind == InsightKind.BundledInto ? 0 : 1).ThenByDescending(f => f.Order).ThenBy(f => f.Insight.RelatedCodes[0]))
            {
                Insights.Add(insight);
            }
        }

        private void AddOn()
        {
            if (owner._ncci.Resolve(NcciTableKind.AddOn, Date, out string why) is not AddOnTable table)
            {
                Notes.Add($"Add-on rules unknown: {why} (load CMS's add-on code edit file).");
                return;
            }

            Caveat(table, why);
            var edits = new List<AddOnEdit>();
            foreach (var e in table.EditsOf(code))
            {
                if (e.AppliesOn(Date))
                {
                    edits.Add(e);
                }
            }

            if (edits.Count > 0)
            {
                var type = edits[0].Type;
                var primaries = edits.Where(e => e.PrimaryValidOn(Date)).Select(e => e.Primary).Distinct().Order().ToList();
                string list = primaries.Count <= 15 ? string.Join(", ", primaries) : $"{string.Join(", ", primaries.Take(15))} and {primaries.Count - 15} more";
                string text = type switch
                {
                    AddOnEditType.ListedPrimaries => $"Add-on code (type 1): paid only with one of its primary codes, billed by the same practitioner the same day: {list}",
                    AddOnEditType.ContractorPrimaries => "Add-on code (type 2): CMS lists no primary codes; the contractor decides which primaries it may be billed with",
                    _ => $"Add-on code (type 3): paid with the primary codes CMS lists ({list}) and others the contractor accepts",
                };
                var atRisk = release is null ? null : PriceLine(Primary, default, 1);
                if (atRisk is not null)
                {
                    text += $"; billed without a primary it is denied (CO-107): {Usd(atRisk.Amount)} at risk";
                }

                Add(InsightKind.AddOn, text + ".", atRisk?.Amount, atRisk is null ? [] : [atRisk with { Label = "amount at risk" }],
                    [.. edits.Take(5).Select(e => Evidence(table, string.Create(Inv, $"add-on {e.AddOn}, primary {(e.Primary.IsSome ? e.Primary.ToString() : "CCCCC")}, type {(int)e.Type}, effective {e.Effective:yyyy-MM-dd}")))],
                    [.. primaries]);
            }

            var addOns = table.AddOnsOf(code, Date).ToList();
            if (addOns.Count > 0)
            {
                string list = addOns.Count <= 15 ? string.Join(", ", addOns) : $"{string.Join(", ", addOns.Take(15))} and {addOns.Count - 15} more";
                Add(InsightKind.AddOnsAccepted, $"Primary code for {addOns.Count} add-on code{(addOns.Count == 1 ? "" : "s")}: {list}.", null, [],
                    [Evidence(table, $"primary {code} of {addOns.Count} add-on edits")], [.. addOns]);
            }
        }

        private void Caveat(NcciTable table, string why)
        {
            if (table.Source.EffectiveFrom > Date)
            {
                Notes.Add(why);
            }
        }

        // ---- helpers -------------------------------------------------------------------------------------------------

        private ClaimLine Line(ModifierSet modifiers, int units) => new(Date, code, modifiers) { Units = units };

        private Claim NewClaim(PricingSetting setting, params ClaimLine[] lines)
            => new(lines) { Location = request.Location, Setting = setting, QualifyingApmParticipant = request.QualifyingApmParticipant };

        /// <summary>Prices one line of the code; <c>null</c> unless priced.</summary>
        private InsightAmount? PriceLine(PricingSetting setting, ModifierSet modifiers, int units) => Priced(code, setting, modifiers, units).Amount;

        /// <summary>Prices one unit of another code in the primary setting; <c>null</c> unless priced.</summary>
        private InsightAmount? PriceCode(HcpcsCode other) => Priced(other, Primary, default, 1).Amount;

        /// <summary>
        /// A one-line claim of a code priced by the calculator, with the conversion factor it used; each is priced once
        /// per report (several insights state the same amount: the one-unit price, the 26 row...).
        /// </summary>
        private (InsightAmount? Amount, decimal ConversionFactor) Priced(HcpcsCode hcpcs, PricingSetting setting, ModifierSet modifiers, int units)
        {
            var key = (hcpcs, setting, modifiers, units);
            if (!_priced.TryGetValue(key, out var priced))
            {
                var claim = NewClaim(setting, new ClaimLine(Date, hcpcs, modifiers) { Units = units });
                var line = owner._calculator.Price(claim).Lines[0];
                string label = modifiers.Count == 0 ? hcpcs.ToString() : $"{hcpcs}-{modifiers}";
                priced = line.Outcome == PriceOutcome.Priced ? (new InsightAmount(label, line.AllowedAmount, claim, 1), line.ConversionFactor) : (null, 0m);
                _priced[key] = priced;
            }

            return priced;
        }

        private readonly Dictionary<(HcpcsCode, PricingSetting, ModifierSet, int), (InsightAmount?, decimal)> _priced = [];

        private string Label(Modifier modifier) => modifier.IsSome ? $"{code}-{modifier}" : code.ToString();

        /// <summary>The amounts that were priced, each with its label.</summary>
        private static ImmutableArray<InsightAmount> Labelled(string[] labels, params InsightAmount?[] sources)
        {
            var result = ImmutableArray.CreateBuilder<InsightAmount>(sources.Length);
            for (int i = 0; i < sources.Length; i++)
            {
                if (sources[i] is { } a)
                {
                    result.Add(a with { Label = labels[i] });
                }
            }

            return result.ToImmutable();
        }

        private void Add(InsightKind kind, string text, decimal? impact, ImmutableArray<InsightAmount> amounts, ImmutableArray<InsightEvidence> evidence, ImmutableArray<HcpcsCode> related)
            => Insights.Add(new CodeInsight(kind, text, impact, amounts, evidence, related));

        private static InsightEvidence RowEvidence(FeeScheduleRelease r, in RvuEntry row, string fields)
            => new(r.Id.ToString(), RvuFile(r), $"{row.Hcpcs}{(row.Modifier.IsSome ? "-" + row.Modifier : " (global)")}: {fields}", r.RvuFileSha256);

        private static InsightEvidence Evidence(NcciTable table, string row)
            => new($"{table.Source.Kind} {table.Source.Version}", string.Join(", ", table.Source.FileNames), row, table.Source.Sha256);

        private static string RvuFile(FeeScheduleRelease r)
            => r.Provenance.Files.FirstOrDefault(f => f.Kind is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth)?.Name ?? "PPRRVU";

        private static string Setting(PricingSetting s, bool capital = false)
            => s == PricingSetting.Facility ? (capital ? "Facility" : "facility") : (capital ? "Non-facility" : "non-facility");

        private static string Usd(decimal amount) => string.Create(Inv, $"${amount:N2}");

        private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    }
}

using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Routes a line the physician fee schedule does not pay (no RVU row, or status X, E, I or N) to the Part B schedule
/// that does: a clinical laboratory test to the CLFS (the rate; L-indicator tests are priced by the contractor), a
/// DMEPOS item to the DMEPOS fee schedule (by the beneficiary's state and whether the ZIP code is rural), a drug to
/// its ASP payment limit per billing unit. The physician fee schedule's own rules then leave the line alone; units,
/// rounding, the lesser of the charge, cost sharing and sequestration still apply.
/// </summary>
internal sealed class PartBScheduleRule : LineRule
{
    public static readonly PartBScheduleRule Instance = new();

    internal const string LabSource = "42 CFR 414.507 (CLFS payment, the lesser of the charge and the rate); Claims Processing Manual (Pub. 100-04) ch. 16 section 30 (no deductible or coinsurance for clinical diagnostic laboratory tests); CLFS file";
    internal const string DmeSource = "42 CFR 414.210 (80 % of the lesser of the charge and the fee schedule amount) and 414.210(g) (rural and former competitive bidding area amounts); Claims Processing Manual (Pub. 100-04) ch. 20; DMEPOS fee schedule and rural ZIP code files";
    internal const string DrugSource = "42 CFR 414.904 (106 % of ASP per billing unit); Claims Processing Manual (Pub. 100-04) ch. 17 section 20.1.3 (quarterly ASP payment limit file)";

    public override PricingRule Rule => PricingRule.PartBSchedule;

    public override string Name => "Part B schedule";

    public override string Source => "Social Security Act 1833 and 1834: clinical laboratory tests (CLFS), DMEPOS and Part B drugs (ASP) are paid on their own schedules, not the physician fee schedule";

    public override RemittanceCode Remittance => RemittanceCodes.PendingReview;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.PendingReview, RemittanceCodes.ModifierInconsistent, RemittanceCodes.BillingError];

    protected override LineFilter Filter => LineFilter.Priced;

    public override RuleNeeds Needs => new(AnySeen: Seen.OtherSchedules);

    protected override void Apply(ref LineView line)
    {
        ref readonly var context = ref line.Context;
        ref readonly var l = ref line.Line;
        if (!line.OnOtherSchedule)
        {
            return;
        }

        // Two statements, not one condition: a mutant that turned the || into && left route unassigned, which did not
        // compile, and Stryker then dropped every mutant of this method (docs/mutation-testing.md).
        if (!TryRoute(context.PartB, context.Release, l.Hcpcs, l.Modifiers, line.RowModifier, line.Claim.DmeposZip, l.DateOfService, out var route))
        {
            return;
        }

        if (route.Outcome == PriceOutcome.Priced)
        {
            line.PriceFromSchedule(route.Schedule, route.Fee);
            line.Assess(route.Confidence, route.ConfidenceReason);
            return;
        }

        line.RouteTo(route.Schedule);
        line.Decide(this, route.Outcome, route.Code, route.Text);
    }

    /// <summary>
    /// The one place a code is routed to another Part B schedule, for a claim's line (<see cref="Apply"/>) and for a
    /// single service (<see cref="PaymentCalculator.Price(in ServiceRequest)"/>), of a code another schedule lists:
    /// each caller has asked <see cref="Lists"/> once (most lines are not listed, which the files' prefix filters tell
    /// before the RVU table's search). <c>false</c> when the physician fee schedule pays it; else the schedule, its
    /// outcome, the fee per unit, and the confidence. Allocates nothing for a priced line.
    /// </summary>
    internal static bool TryRoute(in PartBContext p, FeeScheduleRelease? release, HcpcsCode code, ModifierSet modifiers, Modifier rowModifier, int zip, DateOnly dateOfService, out PartBRoute route)
    {
        if (p.Pending is not null)
        {
            var ready = p.Ready();
            return TryRoute(ready, release, code, modifiers, rowModifier, zip, dateOfService, out route);
        }

        route = default;
        if (PaidByPhysicianFeeSchedule(release, code, rowModifier))
        {
            return false;
        }

        if (p.Lab is { } lab && lab.TryGet(code, modifiers, dateOfService, out var rate))
        {
            route.Schedule = PaymentSchedule.ClinicalLaboratory;
            if (rate.Indicator == ClinicalLabIndicator.ContractorPriced)
            {
                route.NotPriced(PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview,
                    $"{Described(code, modifiers)} is on {lab.Name} with indicator L: the Medicare contractor prices it locally; the CLFS gives no national rate.");
                return true;
            }

            route.Priced(rate.Rate, lab, p.LabMatch);
            return true;
        }

        if (DmeFor(p, code, modifiers, out var dmeMatch) is { } dme)
        {
            RouteDme(p, release, dme, dmeMatch, code, modifiers, zip, ref route);
            return true;
        }

        if (p.Drugs is { } drugs && drugs.TryGet(code, out var limit))
        {
            route.Schedule = PaymentSchedule.PartBDrugs;
            if (limit.PaymentLimit is not { } perUnit)
            {
                route.NotPriced(PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview, $"{Described(code, modifiers)} has no payment limit in {drugs.Name} (N/A): the Medicare contractor prices it.");
                return true;
            }

            route.Priced(perUnit, drugs, p.DrugMatch);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The schedule that prices a DMEPOS code: the quarter's DMEPOS file, unless it has no row for the line's modifiers
    /// and the quarter's PEN schedule lists the code (or only the PEN schedule lists it); <c>null</c> when neither does.
    /// </summary>
    internal static DmeposFeeSchedule? DmeFor(in PartBContext p, HcpcsCode code, ModifierSet modifiers, out ReleaseMatch match)
    {
        if (p.Pending is not null)
        {
            var ready = p.Ready();
            return DmeFor(ready, code, modifiers, out match);
        }

        var (dme, pen) = (p.Dme, p.Pen);
        if (dme is not null && dme.Contains(code) && (pen is null || !pen.Contains(code) || dme.FindRow(code, modifiers) >= 0))
        {
            match = p.DmeMatch;
            return dme;
        }

        if (pen is not null && pen.Contains(code))
        {
            match = p.PenMatch;
            return pen;
        }

        match = ReleaseMatch.None;
        return null;
    }

    /// <summary>The file of another Part B schedule that answered a code; <c>null</c> for the physician fee schedule.</summary>
    internal static (string Name, ReleaseProvenance Provenance)? ScheduleOf(in PartBContext p, HcpcsCode code, ModifierSet modifiers, PaymentSchedule schedule) => schedule switch
    {
        PaymentSchedule.ClinicalLaboratory when p.Ready().Lab is { } lab => (lab.Name, lab.Provenance),
        PaymentSchedule.Dmepos when DmeFor(p, code, modifiers, out _) is { } dme => (dme.Name, dme.Provenance),
        PaymentSchedule.PartBDrugs when p.Ready().Drugs is { } drugs => (drugs.Name, drugs.Provenance),
        _ => null,
    };

    private static void RouteDme(in PartBContext p, FeeScheduleRelease? release, DmeposFeeSchedule dme, ReleaseMatch match, HcpcsCode code, ModifierSet modifiers, int zip, ref PartBRoute route)
    {
        route.Schedule = PaymentSchedule.Dmepos;
        var where = Locate(p, release, zip);
        if (where.State is null)
        {
            route.NotPriced(PriceOutcome.UnknownLocation, RemittanceCodes.BillingError, $"{Described(code, modifiers)} is a DMEPOS item, priced by the beneficiary's state and ZIP code: {where.Problem}");
            return;
        }

        if (!dme.TryGetAmount(code, modifiers, where.State, where.Rural, out var amount))
        {
            if (dme.FindRow(code, modifiers) < 0)
            {
                route.NotPriced(PriceOutcome.InvalidModifier, RemittanceCodes.ModifierInconsistent,
                    $"{Described(code, modifiers)}: {dme.Name} prices {code} only with its modifiers ({dme.RowModifiers(code)}); bill the one that applies (RR rental, NU new, UE used).");
            }
            else
            {
                route.NotPriced(PriceOutcome.UnknownLocation, RemittanceCodes.BillingError, $"{Described(code, modifiers)}: {dme.Name} has no amounts for {where.State}.");
            }

            return;
        }

        decimal fee = amount.Amount;
        bool formerCba = where.Cba is { } cba && p.FormerCba is { } former && former.TryGetAmount(code, modifiers, cba, out _, out fee);
        if (!formerCba)
        {
            fee = amount.Amount;
        }

        route.Priced(fee, dme, match);
        if (where.Cba is not null && p.FormerCba is null)
        {
            route.Lower(PriceConfidence.Medium, $"ZIP code {where.Zip:D5} is in the former competitive bidding area {where.Cba}, whose fee schedule is not loaded: the non-rural amount is used");
        }
        else if (p.DmeZips is null)
        {
            route.Lower(PriceConfidence.Medium, "no DMEPOS rural ZIP code file is loaded for the date: the ZIP code is taken as non-rural");
        }
    }

    /// <summary>The beneficiary's coinsurance percentage of a line of another schedule, thousandths of a percent: CLFS 0, DMEPOS 20 %, ASP as the file says.</summary>
    internal static int CoinsuranceThousandths(in PricingContext context, HcpcsCode code, PaymentSchedule schedule) => schedule switch
    {
        PaymentSchedule.PartBDrugs when context.PartB.Ready().Drugs is { } drugs && drugs.TryGet(code, out var limit) => decimal.ToInt32(limit.CoinsurancePercent * 1000m),
        _ => ScheduleCoinsuranceThousandths(schedule),
    };

    /// <summary>The coinsurance percentage of a schedule whose file does not give one, thousandths of a percent: clinical laboratory tests 0, every other line 20 %.</summary>
    internal static int ScheduleCoinsuranceThousandths(PaymentSchedule schedule) => schedule == PaymentSchedule.ClinicalLaboratory ? 0 : CoinsuranceThousandthsOfRate;

    private static readonly int CoinsuranceThousandthsOfRate = decimal.ToInt32(CoinsuranceRule.Rate * 100_000m); // 20 %: the physician fee schedule's rate

    /// <summary>Whether a CLFS, DMEPOS, PEN or ASP file of the date lists the code (most codes are answered by the files' prefix filters).</summary>
    internal static bool Lists(in PartBContext p, HcpcsCode code)
        => p.Pending is null ? ListedOnLoaded(p, code) : ListedOnLoaded(p.Ready(), code);

    /// <summary>
    /// Whether another schedule may price a claim's line: a file of the date lists the code (<see cref="Lists"/>) and
    /// the physician fee schedule does not pay it (<see cref="TryRoute"/> asks that again). While the catalog's
    /// schedules are deferred, the fee schedule is asked first, so that lines it pays never load them.
    /// </summary>
    internal static bool MayRoute(in PricingContext context, HcpcsCode code, Modifier rowModifier)
        => context.PartB.Pending is null
            ? ListedOnLoaded(context.PartB, code)
            : !PaidByPhysicianFeeSchedule(context.Release, code, rowModifier) && Lists(context.PartB, code);

    private static bool ListedOnLoaded(in PartBContext p, HcpcsCode code)
        => (p.Lab is { } lab && lab.Contains(code)) || (p.Dme is { } dme && dme.Contains(code)) || (p.Pen is { } pen && pen.Contains(code)) || (p.Drugs is { } drugs && drugs.Contains(code));

    /// <summary>Whether the physician fee schedule pays the code: a row of its modifier whose status is not X, E, I or N.</summary>
    private static bool PaidByPhysicianFeeSchedule(FeeScheduleRelease? release, HcpcsCode code, Modifier rowModifier)
    {
        if (release is null)
        {
            return false;
        }

        int i = release.Rvus.IndexOf(code, rowModifier);
        return i >= 0 && !LeftToOtherSchedules(release.Rvus.EntryArray[i].Status);
    }

    /// <summary>Whether an RVU row's status leaves the code to another schedule: X, E, I or N (the physician fee schedule does not pay it).</summary>
    internal static bool LeftToOtherSchedules(StatusCode status)
        => status is StatusCode.StatutoryExclusion or StatusCode.Excluded or StatusCode.NotValidForMedicare or StatusCode.NonCovered;

    /// <summary>The beneficiary's ZIP code for DMEPOS (a claim's and a single service's): the one given (stored plus one, 0 for none), else a ZIP code location; -1 when neither.</summary>
    internal static int BeneficiaryZip(int givenPlusOne, PricingLocation location)
        => givenPlusOne > 0 ? givenPlusOne - 1 : location.Kind == PricingLocationKind.Zip ? location.Zip : -1;

    /// <summary>Where the beneficiary lives, for DMEPOS: the state, whether the ZIP code is rural, its former CBA.</summary>
    internal static (int Zip, string? State, bool Rural, string? Cba, string Problem) Locate(in PartBContext p, FeeScheduleRelease? release, int zip)
    {
        if (p.Pending is not null)
        {
            var ready = p.Ready();
            return Locate(ready, release, zip);
        }

        if (zip < 0)
        {
            return (zip, null, false, null, "give the beneficiary's ZIP code (BeneficiaryZip, --beneficiary-zip).");
        }

        if (p.DmeZips is { } zips && zips.TryGet(zip, out var area))
        {
            return (zip, area.State, area.Rural, area.FormerCompetitiveBiddingArea, string.Empty);
        }

        if (release is not null && release.Zips.TryGet(zip, out var located))
        {
            return (zip, located.State, false, null, string.Empty);
        }

        return (zip, null, false, null, string.Create(CultureInfo.InvariantCulture, $"ZIP code {zip:D5} is neither in the DMEPOS rural ZIP code file nor in the ZIP5 file that gives its state."));
    }

    private static string Described(HcpcsCode code, ModifierSet modifiers) => modifiers.Count > 0 ? $"{code}-{modifiers.ToString().Replace(',', '-')}" : code.ToString();

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.Reason;

    public override string Reason(in Adjustment adjustment, in LinePrice price) => price.DecisionText!;

    /// <summary>The sentence of a line another schedule priced.</summary>
    internal static string Sentence(in LinePrice price)
        => Sentence(price.Context.PartB, price.Described, price.Line.Hcpcs, price.Line.Modifiers, price.Schedule, price.FeeScheduleAmount, price.Line.Units);

    /// <summary>The sentence of a service another schedule priced (a claim's line or a single service).</summary>
    internal static string Sentence(in PartBContext p, string described, HcpcsCode code, ModifierSet modifiers, PaymentSchedule schedule, decimal fee, int units) => schedule switch
    {
        PaymentSchedule.ClinicalLaboratory => string.Create(CultureInfo.InvariantCulture, $"{described} priced from {p.Ready().Lab!.Name}: rate {fee} per test; Medicare pays 100 % (no deductible, no coinsurance)."),
        PaymentSchedule.Dmepos => string.Create(CultureInfo.InvariantCulture, $"{described} priced from {DmeFor(p, code, modifiers, out _)!.Name}: {fee} per unit; 80 % Medicare, 20 % coinsurance."),
        _ => string.Create(CultureInfo.InvariantCulture, $"{described} priced from {p.Ready().Drugs!.Name}: payment limit {fee} per billing unit x {units}."),
    };

    public override void WriteSteps(in LinePrice price, System.Collections.Immutable.ImmutableArray<PricingStep>.Builder steps)
    {
        if (price.Schedule == PaymentSchedule.PhysicianFeeSchedule || price.Outcome != PriceOutcome.Priced)
        {
            return;
        }

        ref readonly var context = ref price.Context;
        var l = price.Line;
        steps.Add(Step(context.PartB, context.Release, l.Hcpcs, l.Modifiers, price.Claim.DmeposZip, l.DateOfService, price.Schedule, price.FeeScheduleAmount));
    }

    /// <summary>The step of a service another schedule priced: the row, amount and file it was priced from.</summary>
    internal static PricingStep Step(in PartBContext p, FeeScheduleRelease? release, HcpcsCode code, ModifierSet modifiers, int zip, DateOnly dateOfService, PaymentSchedule schedule, decimal fee)
    {
        if (p.Pending is not null)
        {
            var ready = p.Ready();
            return Step(ready, release, code, modifiers, zip, dateOfService, schedule, fee);
        }

        var rule = PricingRule.PartBSchedule;
        switch (schedule)
        {
            case PaymentSchedule.ClinicalLaboratory:
            {
                var lab = p.Lab!;
                lab.TryGet(code, modifiers, dateOfService, out var rate);
                return new PricingStep(rule, "clinical laboratory fee schedule",
                    string.Create(CultureInfo.InvariantCulture, $"{rate.Hcpcs}{(rate.Modifier.IsSome ? "-" + rate.Modifier : "")} rate {rate.Rate} (indicator N, national limit), effective {rate.EffectiveFrom:yyyy-MM-dd}, {lab.Name}"),
                    fee, $"{LabSource}: {FileOf(lab.Provenance)}");
            }

            case PaymentSchedule.Dmepos:
            {
                var dme = DmeFor(p, code, modifiers, out _)!;
                var where = Locate(p, release, zip);
                dme.TryGetAmount(code, modifiers, where.State!, where.Rural, out var amount);
                var item = amount.Item;
                string row = $"{item.Hcpcs}{(item.Modifier.IsSome ? "-" + item.Modifier : "")}{(item.Modifier2.IsSome ? "-" + item.Modifier2 : "")}";
                if (where.Cba is { } cba && p.FormerCba is { } former && former.TryGetAmount(code, modifiers, cba, out var cbaItem, out var cbaAmount))
                {
                    string cbaRow = $"{cbaItem.Hcpcs}{(cbaItem.Modifier.IsSome ? "-" + cbaItem.Modifier : "")}{(cbaItem.Modifier2.IsSome ? "-" + cbaItem.Modifier2 : "")}";
                    return new PricingStep(rule, "DMEPOS fee schedule",
                        string.Create(CultureInfo.InvariantCulture, $"{cbaRow} {cbaAmount}: beneficiary ZIP {where.Zip:D5} is in the former competitive bidding area {cba}; {former.Name}"),
                        fee, $"{DmeSource}: {FileOf(former.Provenance)}{(p.DmeZips is { } z ? "; " + FileOf(z.Provenance) : "")}");
                }

                string area = amount.Rural ? "rural" : amount.RuralFellBack ? "rural ZIP code, no rural amount: non-rural" : where.Cba is { } other ? $"former CBA {other}, an item not in its schedule: non-rural" : "non-rural";
                string category = dme.IsNutrition ? "enteral and parenteral nutrition" : $"category {item.Category}";
                return new PricingStep(rule, "DMEPOS fee schedule",
                    string.Create(CultureInfo.InvariantCulture, $"{row} {amount.State} ({(amount.Rural ? "R" : "NR")}) {amount.Amount}: beneficiary ZIP {where.Zip:D5}, {area}; {category}, {dme.Name}"),
                    fee, $"{DmeSource}: {FileOf(dme.Provenance)}{(p.DmeZips is { } zips ? "; " + FileOf(zips.Provenance) : "")}");
            }

            default:
            {
                var drugs = p.Drugs!;
                drugs.TryGet(code, out var limit);
                return new PricingStep(rule, "ASP drug payment limit",
                    string.Create(CultureInfo.InvariantCulture, $"{limit.Hcpcs} payment limit {limit.PaymentLimit} per billing unit ({limit.Dosage}), coinsurance {limit.CoinsurancePercent} %, {drugs.Name}"),
                    fee, $"{DrugSource}: {FileOf(drugs.Provenance)}");
            }
        }
    }

    private static string FileOf(ReleaseProvenance provenance)
        => provenance.Files.FirstOrDefault() is { } f ? $"{f.Name} sha256 {f.Sha256}" : provenance.Origin;
}

/// <summary>The other Part B schedules a date of service resolves to (null when none is loaded), with how each matched.</summary>
internal struct PartBContext
{
    public ClinicalLabFeeSchedule? Lab;
    public DmeposFeeSchedule? Dme;
    public DmeposFeeSchedule? Pen;       // the quarter's enteral and parenteral nutrition schedule
    public DmeposZipFile? DmeZips;
    public DmeposFormerCbaSchedule? FormerCba;
    public DrugPaymentLimits? Drugs;
    public ReleaseMatch LabMatch, DmeMatch, PenMatch, DmeZipMatch, DrugMatch;

    // Set instead of the above while the catalog's schedules are deferred and not loaded (PartBSource.Resolve).
    public PartBSource? Pending;
    public DateOnly Date;
    public ReleaseSelection Selection;

    /// <summary>Pending while the files have since been loaded: a remembered context to resolve again.</summary>
    public readonly bool Stale => Pending is { Loaded: not null };

    /// <summary>These files resolved: itself, or, while pending, the date's files now (loading a deferred group).</summary>
    public readonly PartBContext Ready()
    {
        if (Pending is null)
        {
            return this;
        }

        PartBContext p = default;
        Pending.Resolve(ref p, Date, Selection, load: true);
        return p;
    }
}

/// <summary>Where <see cref="PartBScheduleRule.TryRoute"/> sends a service: the schedule, the outcome, the fee per unit and the confidence.</summary>
internal struct PartBRoute
{
    public PaymentSchedule Schedule;
    public PriceOutcome Outcome;
    public decimal Fee;
    public RemittanceCode Code;
    public string? Text;
    public PriceConfidence Confidence;
    public string ConfidenceReason;

    public void Priced(decimal fee, QuarterlySchedule schedule, ReleaseMatch match)
    {
        Outcome = PriceOutcome.Priced;
        Fee = fee;
        (Confidence, ConfidenceReason) = PartBSchedules.Assess(schedule, match);
    }

    public void NotPriced(PriceOutcome outcome, RemittanceCode code, string text)
    {
        Outcome = outcome;
        Code = code;
        Text = text;
        Confidence = PriceConfidence.Low;
        ConfidenceReason = ServicePrice.NoAmount;
    }

    public void Lower(PriceConfidence confidence, string reason)
    {
        if (confidence > Confidence)
        {
            (Confidence, ConfidenceReason) = (confidence, reason);
        }
    }
}

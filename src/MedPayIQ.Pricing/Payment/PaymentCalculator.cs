using System.Runtime.CompilerServices;

namespace MedPayIQ.Pricing;

/// <summary>
/// Prices one service from the fee schedule release in force on its date of service: the RVU row of the code and
/// modifier, the locality's GPCIs, the setting's PE, the conversion factor (2026: by QP status), the OPPS imaging cap,
/// and non-participation. Claim-level rules (multiple procedures, bilateral, assistant, anesthesia...) are separate.
/// Thread-safe; the catalog is an immutable snapshot.
/// </summary>
public sealed class PaymentCalculator
{
    private readonly FeeScheduleCatalog _catalog;
    private readonly ConversionFactorSchedule _conversionFactors;

    /// <summary>Creates a calculator over a catalog of releases.</summary>
    /// <param name="catalog">The releases.</param>
    /// <param name="conversionFactors">Conversion factors by date (default <see cref="ConversionFactorSchedule.Medicare"/>); the release's own CF is used for dates it does not cover.</param>
    public PaymentCalculator(FeeScheduleCatalog catalog, ConversionFactorSchedule? conversionFactors = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _conversionFactors = conversionFactors ?? ConversionFactorSchedule.Medicare;
    }

    /// <summary>
    /// How the calculator picks a date's release: <see cref="ReleaseSelection.Nearest"/> (the default) prices a date
    /// whose release is not loaded with the nearest loaded release of its year, at lower confidence;
    /// <see cref="ReleaseSelection.Exact"/> answers <see cref="PriceOutcome.NoRelease"/> instead.
    /// </summary>
    public ReleaseSelection ReleaseSelection
    {
        get => _selection;
        init => _selection = value;
    }

    private readonly ReleaseSelection _selection;

    /// <summary>The releases the calculator prices with.</summary>
    public FeeScheduleCatalog Catalog => _catalog;

    /// <summary>
    /// Prices one service. Never throws for unknown codes, localities or dates: the outcome says why. Allocates nothing.
    /// A code the physician fee schedule does not pay and another Part B schedule lists is priced from it, as on a
    /// claim (<see cref="ServicePrice.Schedule"/>): a laboratory test at its CLFS rate, a DMEPOS item by the
    /// beneficiary's state and ZIP code (<see cref="ServiceRequest.BeneficiaryZip"/>, else a ZIP code location) and
    /// its <see cref="ServiceRequest.Modifiers"/>, a drug at its ASP payment limit per billing unit.
    /// </summary>
    /// <remarks>
    /// What the date, place and APM status decide (release, locality, conversion factor) is remembered per thread for
    /// the last request, so a run of services of one date and place resolves it once; it is only ever read by the
    /// thread that wrote it.
    /// </remarks>
    public ServicePrice Price(in ServiceRequest request)
    {
        ref readonly var context = ref ContextFor(request);
        bool participating = request.Participation == Participation.Participating;
        int rowIndex = -1;
        if (context.Release is { } release)
        {
            // Most services: a payable row (status A or T), which no other Part B schedule takes (only a code without
            // a row, or with status X, E, I or N, is another schedule's).
            var rows = release.Rvus.EntryArray;
            rowIndex = release.Rvus.IndexOf(request.Hcpcs, request.Modifier);
            if (rowIndex >= 0 && context.LocationFailure is null && StatusRule.IsPaid(rows[rowIndex].Status))
            {
                return PriceRow(context, rows, rowIndex, request.Setting, participating);
            }
        }

        return PriceOther(context, request, rowIndex, participating);
    }

    /// <summary>
    /// A service without a payable row: another Part B schedule's code, a status that is not paid, an unknown code or
    /// location, a date without a release (kept out of <see cref="Price(in ServiceRequest)"/>, whose frame stays small).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ServicePrice PriceOther(in PricingContext context, in ServiceRequest request, int rowIndex, bool participating)
    {
        if ((rowIndex < 0 || PartBScheduleRule.LeftToOtherSchedules(context.Release!.Rvus.EntryArray[rowIndex].Status)) && PartBScheduleRule.Lists(context.PartB, request.Hcpcs))
        {
            // The claim path's rule, the one place a code is routed to the CLFS, DMEPOS or ASP schedule.
            var modifiers = request.AllModifiers;
            int zip = request.DmeposZip;
            if (PartBScheduleRule.TryRoute(context.PartB, context.Release, request.Hcpcs, modifiers, request.Modifier, zip, request.DateOfService, out var route))
            {
                return new ServicePrice(this, context, route, request.Hcpcs, modifiers, zip);
            }
        }

        return Price(context, request.Hcpcs, request.Modifier, rowIndex, request.Setting, participating);
    }

    /// <summary>The date, place and APM status's context: the thread's last one when the request has the same, else resolved and remembered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref readonly PricingContext ContextFor(in ServiceRequest request)
    {
        var memo = t_memo;
        bool qualifying = request.ApmStatus == ApmStatus.QualifyingParticipant;
        if (memo is null || !ReferenceEquals(memo.Owner, this) || memo.Context.DateOfService != request.DateOfService || memo.Qualifying != qualifying || memo.Context.PartB.Stale
            || memo.Context.Location.Kind != request.Location.Kind || memo.Context.Location.Locality != request.Location.Locality || memo.Context.Location.Zip != request.Location.Zip)
        {
            memo = Remember(request.DateOfService, request.Location, qualifying);
        }

        return ref memo.Context;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ThreadContext Remember(DateOnly dateOfService, PricingLocation location, bool qualifying)
    {
        var memo = t_memo ??= new ThreadContext();
        memo.Owner = null; // not valid until filled
        memo.Context = default;
        Resolve(ref memo.Context, dateOfService, location, qualifying);
        memo.Qualifying = qualifying;
        memo.Owner = this;
        return memo;
    }

    [ThreadStatic]
    private static ThreadContext? t_memo;

    /// <summary>A thread's last resolved context (one object per thread, reused).</summary>
    private sealed class ThreadContext
    {
        public PaymentCalculator? Owner;
        public bool Qualifying;
        public PricingContext Context;
    }

    /// <summary>
    /// Prices a claim: every line, with the claim rules that depend on the other lines of the same date of service
    /// (multiple procedures, endoscopy families, imaging, therapy, bilateral pairs, T status) and the line's own
    /// modifiers, provider, participation, charge and cost sharing. Never throws for unknown codes, modifiers or
    /// localities: each line's outcome says why. Line order never changes any line's amount.
    /// </summary>
    /// <param name="claim">The claim.</param>
    /// <returns>Each line's price and the claim's totals.</returns>
    /// <example>
    /// Five procedures on one date are ranked by fee and paid 100 / 50 / 50 / 50 / 50 % (MULT PROC 2), whatever their
    /// order on the claim; 27447-50 is paid 150 % of one side (BILAT SURG 1) before it is ranked.
    /// <code>
    /// var priced = calculator.Price(new Claim(lines) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) });
    /// foreach (var line in priced.Lines) Console.WriteLine($"{line.LineNumber}: {line.AllowedAmount} {line.Reason}");
    /// </code>
    /// </example>
    public ClaimPrice Price(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return ClaimEngine.Price(this, claim);
    }

    /// <summary>A row array standing for "no row": one default entry.</summary>
    internal static readonly RvuEntry[] NoRow = new RvuEntry[1];

    /// <summary>The fee schedule amount of a code's row when it is payable (status A or T) and the location is known; no explanation kept.</summary>
    internal static bool TryFee(in PricingContext context, HcpcsCode code, Modifier modifier, PricingSetting setting, out decimal fee)
    {
        fee = 0m;
        if (context.Release is not { } release || context.LocationFailure is not null || !release.Rvus.TryGet(code, modifier, out var row)
            || row.Status is not (StatusCode.Active or StatusCode.Injection))
        {
            return false;
        }

        fee = Fee(context, row, setting, out _, out _, out _);
        return true;
    }

    /// <summary>The formula, and the OPPS cap where the row carries OPPS RVUs (<see cref="FeeScheduleAmountRule"/>, <see cref="OppsCapRule"/>).</summary>
    private static decimal Fee(in PricingContext context, in RvuEntry row, PricingSetting setting, out decimal uncapped, out bool hasCap, out decimal cap)
    {
        uncapped = FeeScheduleAmountRule.Amount(context, row, setting);
        hasCap = row.HasOppsRvus;
        if (!hasCap)
        {
            cap = 0m;
            return uncapped;
        }

        cap = OppsCapRule.Amount(context, row, setting);
        return Math.Min(uncapped, cap);
    }

    /// <summary>
    /// As <see cref="Context"/>, remembering recent answers (the claims of a batch share few dates and places, though not
    /// always one after the other: a file's claims of 109 localities and 92 dates missed a memo of the last answer on
    /// nearly every claim), each as a one-element array that claims of that date and place share as their result's
    /// contexts: it is never written after it is made, and a claim with more dates copies it into an array of its own.
    /// The memos sit in a small table by a hash of the date and place; each is an immutable object swapped whole, so
    /// threads never see half of one, and a slot two answers share holds the later.
    /// </summary>
    internal PricingContext[] ClaimContexts(DateOnly dateOfService, PricingLocation location, bool qualifyingApmParticipant)
    {
        uint hash = unchecked(((uint)dateOfService.DayNumber * 0x9E3779B1u) ^ ((uint)location.Locality.GetHashCode() * 0x85EBCA77u)
            ^ ((uint)location.Zip * 0xC2B2AE3Du) ^ ((uint)location.Kind << 8) ^ (qualifyingApmParticipant ? 1u : 0u));
        ref var slot = ref _contextMemos[(int)(hash >> (32 - ContextMemoBits))];
        var memo = Volatile.Read(ref slot);
        if (memo is not null && memo.Contexts[0].DateOfService == dateOfService && memo.Qualifying == qualifyingApmParticipant && !memo.Contexts[0].PartB.Stale
            && memo.Contexts[0].Location.Kind == location.Kind && memo.Contexts[0].Location.Locality == location.Locality && memo.Contexts[0].Location.Zip == location.Zip)
        {
            return memo.Contexts;
        }

        memo = new ContextMemo([Context(dateOfService, location, qualifyingApmParticipant)], qualifyingApmParticipant);
        Volatile.Write(ref slot, memo);
        return memo.Contexts;
    }

    /// <summary>
    /// The memo table's size, as bits of the hash: 1,024 slots (8 KB of references; a memo is about 200 bytes, made only
    /// for a date and place priced), enough for a month of a few hundred localities' claims in any order.
    /// </summary>
    private const int ContextMemoBits = 10;

    private readonly ContextMemo?[] _contextMemos = new ContextMemo?[1 << ContextMemoBits];

    private sealed class ContextMemo(PricingContext[] contexts, bool qualifying)
    {
        public readonly PricingContext[] Contexts = contexts;
        public readonly bool Qualifying = qualifying;
    }

    /// <summary>Everything a date of service and a location decide: the release, its match, the locality and the conversion factor.</summary>
    internal PricingContext Context(DateOnly dateOfService, PricingLocation location, bool qualifyingApmParticipant)
    {
        PricingContext context = default;
        Resolve(ref context, dateOfService, location, qualifyingApmParticipant);
        return context;
    }

    /// <summary>The CLFS, DMEPOS, PEN and ASP files of a date of service (none when the catalog has none).</summary>
    internal PartBContext PartBFor(DateOnly dateOfService)
    {
        PartBContext p = default;
        ResolvePartB(ref p, dateOfService);
        return p;
    }

    private void ResolvePartB(ref PartBContext p, DateOnly dateOfService) => _catalog.PartB.Resolve(ref p, dateOfService, _selection);

    /// <summary>Fills a context in place (the single-service path keeps it on its own stack frame: no copy).</summary>
    internal void Resolve(ref PricingContext context, DateOnly dateOfService, PricingLocation location, bool qualifyingApmParticipant)
    {
        var resolved = _catalog.Resolve(dateOfService, _selection);
        ResolvePartB(ref context.PartB, dateOfService);

        context.DateOfService = dateOfService;
        context.Match = resolved.Match;
        context.Reason = resolved.Reason;
        context.Location = location;
        if (resolved.Release is not { } release)
        {
            return;
        }

        if (qualifyingApmParticipant && release.QualifyingVariant is { } qualifying)
        {
            // The release's second schedule: the QPP file's RVUs (its OPPS RVUs differ) and the QP anesthesia factors.
            release = qualifying;
        }

        context.Release = release;
        context.ByZip = location.Kind == PricingLocationKind.Zip;
        if (location.Kind != PricingLocationKind.National)
        {
            var key = location.Locality;
            if (context.ByZip)
            {
                if (!release.Zips.TryGet(location.Zip, out context.Zip))
                {
                    context.LocationFailure = release.Zips.Count == 0
                        ? $"{release.Id} was loaded without a ZIP5 file; give the carrier and locality."
                        : $"ZIP code {location.Zip:D5} is not in {release.Id}'s ZIP5 file.";
                    return;
                }

                key = context.Zip.Locality;
            }

            if (!release.Localities.TryGet(key, out context.Locality))
            {
                context.LocationFailure = release.Localities.Count == 0
                    ? $"{release.Id} was loaded without a GPCI file; only national prices can be computed."
                    : $"{key} is not a locality of {release.Id}.";
                return;
            }
        }

        if (_conversionFactors.TryGet(dateOfService, out var period))
        {
            context.Period = period;
            context.ConversionFactor = period.For(qualifyingApmParticipant ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying);
            context.FactorTenThousandths = period.TenThousandthsFor(qualifyingApmParticipant);
            context.QpComputed = qualifyingApmParticipant && !release.IsQualifyingApmParticipantFile && period.Qualifying != period.NonQualifying;
        }
        else
        {
            context.QpWithoutFactor = qualifyingApmParticipant;
            context.ConversionFactor = release.ConversionFactor;
            context.FactorTenThousandths = FeeFormula.TenThousandths(context.ConversionFactor);
        }
    }

    /// <summary>Prices one code and row modifier in a resolved context.</summary>
    internal static ServicePrice Price(in PricingContext context, HcpcsCode code, Modifier modifier, PricingSetting setting, bool participating)
        => Price(context, code, modifier, context.Release is { } release ? release.Rvus.IndexOf(code, modifier) : -1, setting, participating);

    /// <summary>Prices one code and row modifier in a resolved context, its row already looked up (-1: none).</summary>
    private static ServicePrice Price(in PricingContext context, HcpcsCode code, Modifier modifier, int rowIndex, PricingSetting setting, bool participating)
    {
        if (context.Release is not { } release)
        {
            return new ServicePrice(PriceOutcome.NoRelease, null, context.Reason, code, modifier);
        }

        if (rowIndex < 0)
        {
            return Missing(release, code, modifier);
        }

        var rows = release.Rvus.EntryArray;
        var (outcome, _) = StatusRule.Of(rows[rowIndex].Status);
        if (outcome != PriceOutcome.Priced)
        {
            return new ServicePrice(outcome, release, rows, rowIndex);
        }

        if (context.LocationFailure is { } failure)
        {
            return new ServicePrice(PriceOutcome.UnknownLocation, release, failure, code, modifier);
        }

        return PriceRow(context, rows, rowIndex, setting, participating);
    }

    /// <summary>The fee of a payable row (status A or T) in a resolved context with a known location.</summary>
    private static ServicePrice PriceRow(in PricingContext context, RvuEntry[] rows, int rowIndex, PricingSetting setting, bool participating)
    {
        decimal fee = Fee(context, rows[rowIndex], setting, out decimal uncapped, out bool hasCap, out decimal cap);
        decimal allowed = fee;
        decimal limiting = 0m;
        if (!participating)
        {
            allowed = FeeFormula.Round(fee * NonParticipatingRule.Share);
            limiting = FeeFormula.Round(fee * NonParticipatingRule.LimitingChargeFactor);
        }

        return new ServicePrice(context.Release!, context.Match, rows, rowIndex, context.Locality, context.Zip, context.ByZip, setting, context.ConversionFactor, context.Period,
            context.QpWithoutFactor, uncapped, fee, hasCap, cap, participating, allowed, limiting, context.DateOfService, context.QpComputed);
    }

    private static ServicePrice Missing(FeeScheduleRelease release, HcpcsCode code, Modifier modifier)
        => new(ComponentRowRule.Missing(release, code, modifier).Outcome, release, null, code, modifier);
}

/// <summary>What a date of service and a location decide, resolved once and shared by the lines that have them.</summary>
internal struct PricingContext
{
    public DateOnly DateOfService;
    public PricingLocation Location;
    public FeeScheduleRelease? Release;
    public ReleaseMatch Match;
    public string Reason;
    public Locality? Locality;
    public ZipLocality Zip;
    public bool ByZip;
    public string? LocationFailure;
    public decimal ConversionFactor;
    public long FactorTenThousandths;
    public ConversionFactorPeriod? Period;
    public bool QpWithoutFactor;
    public bool QpComputed;
    public PartBContext PartB;            // the other Part B schedules of the date
}

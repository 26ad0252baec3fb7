using System.Collections.Immutable;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Hosting;

/// <summary>
/// One immutable state of a MedPayIQ service: the releases it offers, the NCCI tables and the claim defaults. A
/// request takes one snapshot and finishes on it, whatever is swapped in meanwhile; releases are loaded from the
/// cache on first use (once, however many requests ask at the same moment). Thread-safe.
/// </summary>
public sealed class MedPayIQSnapshot
{
    private static readonly PaymentCalculator NoRelease = new(FeeScheduleCatalog.Empty);

    private readonly ReleaseSource[] _releases; // by effective date, then id: the order FeeScheduleCatalog resolves in
    private readonly ReleaseCache _cache;
    private readonly MedPayIQInstruments _instruments;
    private readonly NcciChecker _checker;
    private Dictionary<ReleaseSource, LoadedRelease>? _pinned;

    private readonly Lazy<PaymentCalculator> _noRelease;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoadedRelease, PaymentCalculator> _calculators = [];

    internal MedPayIQSnapshot(long generation, DateTimeOffset publishedAt, IEnumerable<ReleaseSource> releases, NcciCatalog ncci, string ncciFingerprint,
        ClaimDefaults defaults, ReleaseCache cache, MedPayIQInstruments instruments, ScheduleSet? schedules = null)
    {
        Schedules = schedules ?? ScheduleSet.None;
        _noRelease = Schedules.IsEmpty ? new(NoRelease) : new(() => new PaymentCalculator(Schedules.Apply(FeeScheduleCatalog.Empty)), LazyThreadSafetyMode.ExecutionAndPublication);
        Generation = generation;
        PublishedAt = publishedAt;
        _releases = [.. releases.OrderBy(r => r.EffectiveFrom).ThenBy(r => r.Id)];
        Ncci = ncci;
        NcciFingerprint = ncciFingerprint;
        Defaults = defaults;
        _cache = cache;
        _instruments = instruments;
        _checker = new NcciChecker(ncci);
    }

    /// <summary>The snapshot's number: 1 for the first, one more at each swap.</summary>
    public long Generation { get; }

    /// <summary>When it was swapped in.</summary>
    public DateTimeOffset PublishedAt { get; }

    /// <summary>The releases offered, by effective date (loaded or not).</summary>
    public ImmutableArray<ReleaseSource> Releases => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_releases);

    /// <summary>The NCCI tables claims are checked against.</summary>
    public NcciCatalog Ncci { get; }

    internal string NcciFingerprint { get; }

    /// <summary>
    /// The CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA and ASP files of the releases folder this snapshot prices lab
    /// tests, supplies and drugs with (<see cref="ReleaseFolder.FindSchedules"/>), besides the packaged schedules when
    /// <see cref="MedPayIQOptions.UsePackagedReleases"/> is on.
    /// </summary>
    public ImmutableArray<ScheduleFileLocation> ScheduleFiles => [.. Schedules.Files.Select(f => f.Location)];

    internal ScheduleSet Schedules { get; }

    /// <summary>A loaded release's calculator with the snapshot's other Part B schedules (one per release and snapshot; the release's own when there are none).</summary>
    private PaymentCalculator CalculatorOf(LoadedRelease loaded)
        => Schedules.IsEmpty ? loaded.Calculator : _calculators.GetValue(loaded, l => new PaymentCalculator(Schedules.Apply(l.Calculator.Catalog)));

    internal ClaimDefaults Defaults { get; }

    /// <summary>
    /// Keeps the releases this snapshot offers that the next one does not: they leave the cache at the swap, and
    /// requests still on this snapshot use them until they are done (then the snapshot, and they, are freed).
    /// </summary>
    internal void Pin(IEnumerable<LoadedRelease> releases) => Volatile.Write(ref _pinned, releases.ToDictionary(r => r.Source));

    /// <summary>A release of this snapshot: from the cache, else pinned at the swap (read after the cache: the swap pins before it removes), else loaded.</summary>
    private ValueTask<LoadedRelease> GetAsync(ReleaseSource source, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(source, out var hit))
        {
            return ValueTask.FromResult(hit!);
        }

        if (Volatile.Read(ref _pinned) is { } pinned && pinned.TryGetValue(source, out var kept))
        {
            return ValueTask.FromResult(kept);
        }

        return _cache.GetAsync(source, cancellationToken);
    }

    /// <summary>
    /// The release for a date of service, as <see cref="FeeScheduleCatalog.Resolve(DateOnly, ReleaseSelection)"/> picks it among the
    /// releases offered under <see cref="MedPayIQOptions.ReleaseSelection"/>: the latest effective on or before the date,
    /// in the date's year; else (<see cref="ReleaseSelection.Nearest"/>) the first of the year after it; <c>null</c> when none is.
    /// </summary>
    public ReleaseSource? ReleaseFor(DateOnly dateOfService)
    {
        int i = FeeScheduleCatalog.InForceIndex(_releases, static r => r.Id, static r => r.EffectiveFrom, dateOfService, Defaults.ReleaseSelection);
        return i < 0 ? null : _releases[i];
    }

    /// <summary>The release in force for a date of service, loaded (from the cache when it is there); <c>null</c> when none is offered.</summary>
    public async ValueTask<FeeScheduleRelease?> GetReleaseAsync(DateOnly dateOfService, CancellationToken cancellationToken = default) =>
        ReleaseFor(dateOfService) is { } source ? (await GetAsync(source, cancellationToken).ConfigureAwait(false)).Release : null;

    /// <summary>A claim with the configured defaults: locality, provider, participation, QP status, sequestration and deductible (override with <c>with</c>).</summary>
    public Claim CreateClaim(IEnumerable<ClaimLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return Defaults.CreateClaim(lines);
    }

    /// <summary>A service request with the configured locality, participation and QP status.</summary>
    public ServiceRequest CreateServiceRequest(HcpcsCode hcpcs, Modifier modifier, DateOnly dateOfService, PricingSetting setting) =>
        Defaults.CreateRequest(hcpcs, modifier, dateOfService, setting);

    /// <summary>
    /// Prices a claim with <see cref="PaymentCalculator.Price(Claim)"/> and the releases in force on its dates of
    /// service, loading those not in the cache. The answer is the one a calculator over all the offered releases gives,
    /// but for the reason of a line no offered release covers (outcome <see cref="PriceOutcome.NoRelease"/>): it names
    /// only the releases the claim used.
    /// </summary>
    public async ValueTask<ClaimPrice> PriceClaimAsync(Claim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var activity = MedPayIQDiagnostics.ActivitySource.StartActivity("medpayiq.price_claim");
        activity?.SetTag("medpayiq.snapshot", Generation);
        activity?.SetTag("medpayiq.lines", claim.Lines.Length);

        var calculator = await GetCalculatorAsync(claim, cancellationToken).ConfigureAwait(false);
        var price = calculator.Price(claim);
        int unpriced = price.UnpricedLines;
        Count(claim.Lines.Length - unpriced, unpriced, null);
        return price;
    }

    /// <summary>
    /// Counts work done on this snapshot outside <see cref="PriceClaimAsync"/>, <see cref="PriceServiceAsync"/> and
    /// <see cref="CheckNcci"/> (an adjudication built on <see cref="GetCalculatorAsync"/> and <see cref="NcciChecker"/>,
    /// as the HTTP API's adjudicate endpoint does) in the service's counters: <see cref="MedPayIQDiagnostics.LinesPriced"/>
    /// and <see cref="MedPayIQDiagnostics.NcciEditsFired"/>.
    /// </summary>
    /// <param name="linesPriced">Lines that got an amount.</param>
    /// <param name="linesNotPriced">Lines that did not (not priced, or denied by an edit).</param>
    /// <param name="edits">The edits checked, or <c>null</c>.</param>
    public void Count(int linesPriced, int linesNotPriced, NcciCheck? edits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(linesPriced);
        ArgumentOutOfRangeException.ThrowIfNegative(linesNotPriced);
        if (linesPriced > 0)
        {
            _instruments.LinesPriced.Add(linesPriced, new KeyValuePair<string, object?>("medpayiq.priced", true));
        }

        if (linesNotPriced > 0)
        {
            _instruments.LinesPriced.Add(linesNotPriced, new KeyValuePair<string, object?>("medpayiq.priced", false));
        }

        foreach (var finding in edits?.Findings ?? [])
        {
            _instruments.NcciEditsFired.Add(1, new KeyValuePair<string, object?>("medpayiq.ncci.finding", finding.Kind.ToString()));
        }
    }

    /// <summary>
    /// The payment calculator a claim is priced with on this snapshot: the releases in force on its dates of service
    /// (<see cref="ReleaseFor(DateOnly)"/>, loaded from the cache when they are there) under
    /// <see cref="MedPayIQOptions.ReleaseSelection"/>. <see cref="PriceClaimAsync"/> prices with it; use it for what
    /// else takes a calculator (an expected adjudication of the claim, say).
    /// </summary>
    public async ValueTask<PaymentCalculator> GetCalculatorAsync(Claim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ReleaseSource? first = null;
        List<ReleaseSource>? others = null;
        foreach (var line in claim.Lines)
        {
            if (ReleaseFor(line.DateOfService) is not { } source || source == first)
            {
                continue;
            }

            if (first is null)
            {
                first = source;
            }
            else if (others is null || !others.Contains(source))
            {
                (others ??= []).Add(source);
            }
        }

        PaymentCalculator calculator;
        if (first is null)
        {
            calculator = _noRelease.Value;
        }
        else if (others is null)
        {
            calculator = CalculatorOf(await GetAsync(first, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var releases = new List<FeeScheduleRelease>(others.Count + 1) { (await GetAsync(first, cancellationToken).ConfigureAwait(false)).Release };
            foreach (var source in others)
            {
                releases.Add((await GetAsync(source, cancellationToken).ConfigureAwait(false)).Release);
            }

            calculator = new PaymentCalculator(Schedules.Apply(FeeScheduleCatalog.Create(releases)));
        }

        if (Defaults.ReleaseSelection != calculator.ReleaseSelection)
        {
            // The cached calculators pick the nearest release; exact selection prices a claim with a calculator of its own.
            calculator = new PaymentCalculator(calculator.Catalog) { ReleaseSelection = Defaults.ReleaseSelection };
        }

        return calculator;
    }

    /// <summary>Prices one service with <see cref="PaymentCalculator.Price(in ServiceRequest)"/> and the release in force on its date.</summary>
    public async ValueTask<ServicePrice> PriceServiceAsync(ServiceRequest request, CancellationToken cancellationToken = default)
    {
        using var activity = MedPayIQDiagnostics.ActivitySource.StartActivity("medpayiq.price_service");
        activity?.SetTag("medpayiq.snapshot", Generation);
        var calculator = ReleaseFor(request.DateOfService) is { } source
            ? CalculatorOf(await GetAsync(source, cancellationToken).ConfigureAwait(false))
            : _noRelease.Value;
        var price = calculator.Price(request);
        bool priced = price.Outcome == PriceOutcome.Priced;
        Count(priced ? 1 : 0, priced ? 0 : 1, null);
        return price;
    }

    /// <summary>The checker of the snapshot's NCCI tables (<see cref="Ncci"/>), for what else takes one; <see cref="CheckNcci"/> checks with it.</summary>
    public NcciChecker NcciChecker => _checker;

    /// <summary>Checks a claim against the snapshot's NCCI tables with <see cref="NcciChecker.Check(Claim)"/>.</summary>
    public NcciCheck CheckNcci(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var activity = MedPayIQDiagnostics.ActivitySource.StartActivity("medpayiq.ncci.check");
        activity?.SetTag("medpayiq.snapshot", Generation);
        var check = _checker.Check(claim);
        Count(0, 0, check);
        return check;
    }
}

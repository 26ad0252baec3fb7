using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPayIQ.Hosting;

/// <summary>
/// MedPayIQ in a long-lived service: prices claims and checks NCCI edits on the current <see cref="MedPayIQSnapshot"/>,
/// keeps loaded releases in a size-limited cache, and swaps in new releases (a watched folder, changed options, or
/// <see cref="ReloadAsync(CancellationToken)"/>) atomically once they have loaded: requests in flight finish on the snapshot they took,
/// and a release that fails to load is logged and leaves the current snapshot serving. Registered by
/// <c>services.AddMedPayIQ()</c>; usable without a host: create it, <see cref="StartAsync"/>, dispose it.
/// </summary>
public sealed partial class MedPayIQService : IDisposable
{
    private readonly Func<MedPayIQOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MedPayIQInstruments _instruments;
    private readonly ReleaseCache _cache;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IDisposable? _optionsSubscription;
    private readonly Lock _startLock = new();
    private readonly Dictionary<ReleaseSource, string> _failed = [];
    private readonly ConcurrentDictionary<ReleaseSource, ImmutableArray<string>> _warnings = new();
    private HashSet<string> _logged = [];
    private string? _scanFailure;
    private Dictionary<ReleaseId, string> _lastSeen = [];
    private string? _failedNcciFingerprint;
    private MedPayIQSnapshot? _current;
    private Task? _start;
    private Task? _watch;
    private ImmutableArray<string> _problems = [];
    private int _polls;

    /// <summary>Creates a service over fixed options (validated here, as a host validates them at start).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock (default <see cref="TimeProvider.System"/>).</param>
    /// <param name="loggerFactory">Where log messages go (default: nowhere).</param>
    /// <param name="meterFactory">Where the <c>MedPayIQ</c> meter comes from (default: a meter of the service's own).</param>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public MedPayIQService(MedPayIQOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
        : this(Validated(options), null, timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance, meterFactory)
    {
    }

    internal MedPayIQService(IOptionsMonitor<MedPayIQOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory, IMeterFactory? meterFactory)
        : this(options.CurrentValue, options, timeProvider, loggerFactory, meterFactory)
    {
    }

    private MedPayIQService(MedPayIQOptions initial, IOptionsMonitor<MedPayIQOptions>? monitor, TimeProvider timeProvider, ILoggerFactory loggerFactory, IMeterFactory? meterFactory)
    {
        _options = monitor is null ? () => initial : () => monitor.CurrentValue;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger("MedPayIQ.Hosting.MedPayIQService");
        _instruments = new MedPayIQInstruments(meterFactory);
        _cache = new ReleaseCache(initial.Cache, timeProvider, _logger, _instruments, LoadAdmitted);
        _optionsSubscription = monitor?.OnChange((_, _) => _ = ReloadInBackgroundAsync());
    }

    /// <summary>The snapshot requests are priced on now. Take it once per request and use it to the end.</summary>
    /// <exception cref="InvalidOperationException">The service has not started.</exception>
    public MedPayIQSnapshot Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("The MedPayIQ service has not started: call StartAsync (a host does it when it starts).");

    internal ReleaseCache Cache => _cache;

    internal MedPayIQInstruments Instruments => _instruments;

    /// <summary>What went wrong at the last reload and still stands (a release or NCCI folder that fails to load); empty when all is well.</summary>
    internal ImmutableArray<string> Problems => _problems;

    /// <summary>Polls of the watched folders completed (a test hook).</summary>
    internal int Polls => Volatile.Read(ref _polls);

    internal bool Started => Volatile.Read(ref _current) is not null;

    /// <summary>The loader's doubts about a loaded release's files (a CSV without its last line break), by source.</summary>
    internal ImmutableArray<string> Warnings(ReleaseSource source) => _warnings.TryGetValue(source, out var w) ? w : [];

    /// <summary>Lists a release folder's files when the folder is scanned (a test seam: root reads any folder, so tests make one unreadable here); <c>null</c>: the file system.</summary>
    internal Func<DirectoryInfo, IEnumerable<FileInfo>>? FolderFiles { get; set; }

    /// <summary>Copies the service keeps something about (loader doubts, failures): a test hook, bounded by the copies offered and failing now.</summary>
    internal int TrackedCopies => _warnings.Count + _failed.Count;

    /// <summary>
    /// Publishes the first snapshot (loading the offered releases when <see cref="MedPayIQOptions.PreloadReleases"/> is
    /// set) and starts watching the folders when <see cref="MedPayIQOptions.WatchFolders"/> is. Once: later calls return
    /// the same task (after a start that failed or was cancelled, the next call starts again). Pricing through the
    /// service starts it if need be.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_startLock)
        {
            // A start that failed or was cancelled (the first request's token) is tried again by the next caller.
            if (_start is null || _start.IsFaulted || _start.IsCanceled)
            {
                _start = StartOnceAsync(cancellationToken);
            }

            return _start;
        }
    }

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(ReloadKind.Start, cancellationToken).ConfigureAwait(false);
        var options = _options();
        if (options.WatchFolders)
        {
            _watch = WatchAsync(options.PollInterval, _stopping.Token);
        }
    }

    /// <summary>Stops watching the folders; the current snapshot keeps serving.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_watch is { } watch)
        {
            await watch.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Looks for new, changed and removed releases and NCCI files now, loads what is new, and swaps in a new snapshot
    /// when anything changed. A release that fails to load is logged and left out (its previous version, if any, stays).
    /// </summary>
    /// <returns>Whether a new snapshot was swapped in.</returns>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return await ReloadAsync(ReloadKind.Now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prices a claim on the current snapshot (see <see cref="MedPayIQSnapshot.PriceClaimAsync"/>).</summary>
    public ValueTask<ClaimPrice> PriceClaimAsync(Claim claim, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _current) is { } snapshot ? snapshot.PriceClaimAsync(claim, cancellationToken) : StartThenAsync(claim, cancellationToken);

    private async ValueTask<ClaimPrice> StartThenAsync(Claim claim, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return await Current.PriceClaimAsync(claim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prices one service on the current snapshot (see <see cref="MedPayIQSnapshot.PriceServiceAsync"/>).</summary>
    public ValueTask<ServicePrice> PriceServiceAsync(ServiceRequest request, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _current) is { } snapshot ? snapshot.PriceServiceAsync(request, cancellationToken) : StartThenAsync(request, cancellationToken);

    private async ValueTask<ServicePrice> StartThenAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return await Current.PriceServiceAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A release offered, if it is loaded now (it is not loaded by asking, nor counted as a use of the cache); <c>null</c> otherwise.</summary>
    /// <param name="source">A release of a snapshot's <see cref="MedPayIQSnapshot.Releases"/>.</param>
    public FeeScheduleRelease? GetLoadedRelease(ReleaseSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _cache.Resident(source)?.Release;
    }

    /// <summary>Checks a claim against the current snapshot's NCCI tables.</summary>
    public NcciCheck CheckNcci(Claim claim) => Current.CheckNcci(claim);

    /// <summary>A claim with the configured defaults (see <see cref="MedPayIQSnapshot.CreateClaim"/>).</summary>
    public Claim CreateClaim(IEnumerable<ClaimLine> lines) => Current.CreateClaim(lines);

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            if (Started)
            {
                await ReloadAsync(ReloadKind.Now, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.WatchFailed(_logger, ex);
        }
    }

    private async Task WatchAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await ReloadAsync(ReloadKind.Watch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.WatchFailed(_logger, ex);
                }
                finally
                {
                    Interlocked.Increment(ref _polls);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private enum ReloadKind
    {
        Start,
        Now,
        Watch,
    }

    private async Task<bool> ReloadAsync(ReloadKind kind, CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReloadLockedAsync(kind, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private async Task<bool> ReloadLockedAsync(ReloadKind kind, CancellationToken cancellationToken)
    {
        using var activity = MedPayIQDiagnostics.ActivitySource.StartActivity("medpayiq.reload");
        var options = _options();
        var current = Volatile.Read(ref _current);
        long generation = current?.Generation ?? 0;
        var problems = new List<string>();
        ImmutableArray<ReleaseSource> scan;
        try
        {
            scan = ReleaseDiscovery.Scan(options, FolderFiles, current?.Releases ?? [], out var left);
            problems.AddRange(left);
            _scanFailure = null;
        }
        catch (Exception ex) when (current is not null && ex is IOException or UnauthorizedAccessException)
        {
            if (_scanFailure != ex.Message)
            {
                Log.ScanFailed(_logger, ex.Message, generation); // once, not at every poll
            }

            _scanFailure = ex.Message;
            _problems = [$"Looking for releases failed: {ex.Message}; snapshot {generation} keeps serving.", .. _problems.Where(p => !p.StartsWith("Looking for releases failed", StringComparison.Ordinal))];
            LogChanges();
            return false;
        }

        var offered = current?.Releases ?? [];
        var next = new List<ReleaseSource>();
        var load = new List<ReleaseSource>();
        foreach (var source in scan)
        {
            var previous = offered.FirstOrDefault(o => o.Id == source.Id);
            if (source == previous)
            {
                next.Add(source);
                if (kind == ReloadKind.Start && options.PreloadReleases)
                {
                    load.Add(source);
                }

                continue;
            }

            // New or changed. A watched folder may still be being copied: wait until a poll sees it unchanged.
            bool settling = kind == ReloadKind.Watch && (!_lastSeen.TryGetValue(source.Id, out var seen) || seen != source.Fingerprint);
            bool failedBefore = kind == ReloadKind.Watch && _failed.ContainsKey(source);
            if (settling || failedBefore)
            {
                if (settling)
                {
                    Log.ReleaseSettling(_logger, source.Id.ToString(), source.Location);
                }
                else
                {
                    var keep = previous ?? source.Fallback;
                    problems.Add($"{source.Describe()} failed to load: {_failed[source]} {(keep is null ? "It is not offered." : $"{keep.Describe()} keeps serving.")}");
                }

                if ((previous ?? source.Fallback) is { } kept)
                {
                    next.Add(kept);
                    if (previous is null)
                    {
                        load.Add(kept);
                    }
                }

                continue;
            }

            next.Add(source);
            if (kind != ReloadKind.Start || options.PreloadReleases)
            {
                load.Add(source);
            }
        }

        _lastSeen = scan.ToDictionary(s => s.Id, s => s.Fingerprint);
        var missing = options.Releases.Select(ReleaseId.Parse).Where(id => !scan.Any(s => s.Id == id)).Distinct().ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{MedPayIQOptions.SectionName}:{nameof(MedPayIQOptions.Releases)} lists {string.Join(", ", missing)}, found in neither the packaged releases nor the releases folder.");
        }

        // Everything new is loaded before the swap: no request sees a release half loaded, or one that cannot load.
        _cache.Offer(next);
        for (int i = 0; i < load.Count; i++)
        {
            var source = load[i];
            try
            {
                await _cache.GetAsync(source, cancellationToken).ConfigureAwait(false);
                _failed.Remove(source);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Start and run alike: the copy serving keeps serving; with none, the packaged release of the same id.
                _failed[source] = ex.Message;
                next.Remove(source);
                var previous = offered.FirstOrDefault(o => o.Id == source.Id);
                var keep = previous is not null && previous != source ? previous : source.Fallback;
                Log.ReleaseLoadFailed(_logger, source.Describe(), ex.Message, keep?.Describe() ?? "nothing");
                if (keep is not null && !next.Contains(keep))
                {
                    next.Add(keep);
                    if (keep != previous)
                    {
                        load.Add(keep);
                    }
                }

                problems.Add($"{source.Describe()} failed to load: {ex.Message} {(keep is null ? "It is not offered." : $"{keep.Describe()} keeps serving.")}");
            }
        }

        foreach (var source in _failed.Keys.Where(f => !scan.Contains(f)).ToList())
        {
            _failed.Remove(source); // gone from the folder: its problem with it
        }

        // The loader's doubts are kept for the copies offered now only (one entry per copy ever loaded grew at every swap).
        foreach (var source in _warnings.Keys.Where(w => !next.Contains(w) && !offered.Contains(w)))
        {
            _warnings.TryRemove(source, out _);
        }

        var (ncci, ncciFingerprint) = LoadNcci(options, current, generation, problems);
        var schedules = LoadSchedules(options, current, kind == ReloadKind.Watch, problems);
        var defaults = ClaimDefaults.From(options);
        _problems = [.. problems];
        LogChanges();
        bool changed = current is null
            || !next.OrderBy(s => s.EffectiveFrom).ThenBy(s => s.Id).SequenceEqual(offered)
            || ncciFingerprint != current.NcciFingerprint
            || schedules.Fingerprint != current.Schedules.Fingerprint
            || defaults != current.Defaults;
        if (!changed)
        {
            return false;
        }

        var snapshot = new MedPayIQSnapshot(generation + 1, _time.GetUtcNow(), next, ncci, ncciFingerprint, defaults, _cache, _instruments, schedules);
        // Memory bounded across swaps: what the new snapshot no longer offers leaves the cache, pinned to the old
        // snapshot for the requests still on it (freed with it once they are done).
        var retired = offered.Except(snapshot.Releases).ToList();
        current?.Pin(retired.Select(_cache.Resident).OfType<LoadedRelease>());
        Interlocked.Exchange(ref _current, snapshot);
        _cache.Retire(retired, snapshot.Releases);
        _instruments.SnapshotSwaps.Add(1);
        activity?.SetTag("medpayiq.snapshot", snapshot.Generation);
        Log.SnapshotSwapped(_logger, snapshot.Generation, Describe(snapshot.Releases), generation, Describe(offered));
        return true;
    }

    private (NcciCatalog Catalog, string Fingerprint) LoadNcci(MedPayIQOptions options, MedPayIQSnapshot? current, long generation, List<string> problems)
    {
        string folder = options.NcciFolder ?? string.Empty;
        string fingerprint = (options.UsePackagedNcci ? "packaged+" : "") + ReleaseDiscovery.FolderFingerprint(folder);
        if (current is not null && fingerprint == current.NcciFingerprint)
        {
            return (current.Ncci, fingerprint);
        }

        var packaged = options.UsePackagedNcci ? PackagedNcci.Catalog : NcciCatalog.Empty;
        if (string.IsNullOrWhiteSpace(folder))
        {
            return (packaged, fingerprint);
        }

        if (fingerprint == _failedNcciFingerprint && current is not null)
        {
            problems.Add($"The NCCI files in {folder} failed to load; the previous tables keep serving.");
            return (current.Ncci, current.NcciFingerprint);
        }

        long start = _time.GetTimestamp();
        try
        {
            var tables = NcciLoader.Load(folder);
            NcciAdmission.ThrowIfRefused(tables, [.. packaged.Tables, .. current?.Ncci.Tables ?? []]);
            Log.NcciLoaded(_logger, tables.Length, folder, (long)_time.GetElapsedTime(start).TotalMilliseconds);
            _failedNcciFingerprint = null;
            return (packaged.With(tables), fingerprint);
        }
        catch (Exception ex) when (ex is NcciFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Log.NcciLoadFailed(_logger, ex, folder, generation);
            _failedNcciFingerprint = fingerprint;
            problems.Add($"The NCCI files in {folder} failed to load ({ex.Message}); {(current is null ? "the packaged tables serve alone" : "the previous tables keep serving")}.");
            return current is null ? (packaged, "failed:" + fingerprint) : (current.Ncci, current.NcciFingerprint);
        }
    }

    /// <summary>One log entry per problem when it appears and one when it is gone, not one per poll.</summary>
    private void LogChanges()
    {
        var now = _problems.ToHashSet();
        foreach (var problem in now.Where(p => !_logged.Contains(p)))
        {
            Log.ProblemRaised(_logger, problem);
        }

        foreach (var problem in _logged.Where(p => !now.Contains(p)))
        {
            Log.ProblemCleared(_logger, problem);
        }

        _logged = now;
    }

    private static string Describe(ImmutableArray<ReleaseSource> releases) => releases.IsEmpty ? "none" : string.Join(", ", releases.Select(r => r.Id));

    private static MedPayIQOptions Validated(MedPayIQOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MedPayIQOptionsValidator.ThrowIfInvalid(options);
        return options;
    }

    /// <summary>Stops watching and releases the cache.</summary>
    public void Dispose()
    {
        _optionsSubscription?.Dispose();
        _stopping.Cancel();
        _watch?.Wait(TimeSpan.FromSeconds(10)); // a poll in progress ends before the cache goes
        _cache.Dispose();
        _instruments.Dispose();
        _stopping.Dispose();
        _reloadGate.Dispose();
    }
}

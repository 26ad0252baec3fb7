using System.Collections.Concurrent;
using System.Diagnostics;
using MedPayIQ.Pricing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Logging;

namespace MedPayIQ.Hosting;

/// <summary>A loaded release and a calculator over it alone (most claims have one date of service, hence one release).</summary>
internal sealed class LoadedRelease
{
    public LoadedRelease(ReleaseSource source, FeeScheduleRelease release)
    {
        Source = source;
        Release = release;
        Calculator = new PaymentCalculator(FeeScheduleCatalog.Create([release]));
        Bytes = EstimateBytes(release) + (release.QualifyingVariant is { } qp ? EstimateBytes(qp) - EstimateShared(release) : 0);
    }

    /// <summary>
    /// The memory a release holds, estimated from its counts (rows, indexes and the calculator's index): what the cache's
    /// size limit counts. Checked against the managed heap a release holds once loaded (SoakTests: 12 to 24 % high on
    /// the packaged releases, so the cache holds less than its limit, never more).
    /// </summary>
    internal static long EstimateBytes(FeeScheduleRelease release)
        => 4096 + (release.Rvus.Count * (System.Runtime.CompilerServices.Unsafe.SizeOf<RvuEntry>() + 48L)) + EstimateShared(release);

    /// <summary>The locality tables, which a release's qualifying variant shares with it.</summary>
    private static long EstimateShared(FeeScheduleRelease release)
        => (release.Zips.Count == 0 ? 0 : 200_000 + (release.Zips.Count * 24L))
           + (release.OppsCaps.Count * (System.Runtime.CompilerServices.Unsafe.SizeOf<OppsCapEntry>() + 40L))
           + ((release.Localities.Count + release.Counties.Count + release.Anesthesia.Count) * 256L);

    public ReleaseSource Source { get; }

    public FeeScheduleRelease Release { get; }

    public PaymentCalculator Calculator { get; }

    /// <summary>The memory the release holds, estimated: its size in the cache.</summary>
    public long Bytes { get; }
}

/// <summary>
/// Loaded releases in a size-limited <see cref="MemoryCache"/>, keyed by <see cref="ReleaseSource"/>. A release is
/// loaded once however many callers ask for it at the same moment: the first starts the load, the others await it.
/// </summary>
internal sealed class ReleaseCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<ReleaseSource, Lazy<Task<LoadedRelease>>> _loading = new();
    private readonly ConcurrentDictionary<ReleaseSource, LoadedRelease> _resident = new();
    private readonly MedPayIQCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MedPayIQInstruments _instruments;
    private readonly PostEvictionDelegate _evicted;
    private readonly Func<ReleaseSource, FeeScheduleRelease> _load;
    private readonly ConcurrentDictionary<ReleaseSource, WeakReference<LoadedRelease>> _retired = new();
    private int _loads;

    public ReleaseCache(MedPayIQCacheOptions options, TimeProvider time, ILogger logger, MedPayIQInstruments instruments, Func<ReleaseSource, FeeScheduleRelease>? load = null)
    {
        _load = load ?? (static s => s.Load());
        _options = options;
        _time = time;
        _logger = logger;
        _instruments = instruments;
        _evicted = OnEvicted;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.SizeLimitBytes,
            TrackStatistics = true,
            Clock = new TimeProviderClock(time),
        });
    }

    /// <summary>Loads started (a test hook: single-flight loading starts one per release).</summary>
    internal int Loads => Volatile.Read(ref _loads);

    /// <summary>The cache's statistics: entries and their total size, bytes.</summary>
    public MemoryCacheStatistics? Statistics => _cache.GetCurrentStatistics();

    public long SizeLimit => _options.SizeLimitBytes;

    /// <summary>
    /// The release if it is in the cache, without touching it (a health probe must not keep releases in use: sliding
    /// expiration and least-recently-used eviction follow requests only).
    /// </summary>
    public LoadedRelease? Resident(ReleaseSource source) => _resident.TryGetValue(source, out var release) ? release : null;

    /// <summary>The release if it is loaded, without loading it (counts as a use).</summary>
    public bool TryGet(ReleaseSource source, out LoadedRelease? release) => _cache.TryGetValue(source, out release);

    /// <summary>The release, loaded once if it is not in the cache.</summary>
    public ValueTask<LoadedRelease> GetAsync(ReleaseSource source, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(source, out LoadedRelease? hit))
        {
            return ValueTask.FromResult(hit!);
        }

        var load = _loading.GetOrAdd(source, static (s, cache) => cache.NewLoad(s), this).Value;
        return new ValueTask<LoadedRelease>(cancellationToken.CanBeCanceled ? load.WaitAsync(cancellationToken) : load);
    }

    private Lazy<Task<LoadedRelease>> NewLoad(ReleaseSource source)
    {
        Lazy<Task<LoadedRelease>>? lazy = null;
        lazy = new Lazy<Task<LoadedRelease>>(() => LoadAsync(source, lazy!), LazyThreadSafetyMode.ExecutionAndPublication);
        return lazy;
    }

    private async Task<LoadedRelease> LoadAsync(ReleaseSource source, Lazy<Task<LoadedRelease>> self)
    {
        try
        {
            // A load that finished between the caller's look and this one has put the release in the cache already.
            if (_cache.TryGetValue(source, out LoadedRelease? hit))
            {
                return hit!;
            }

            var loaded = await Task.Run(() => Load(source)).ConfigureAwait(false);
            if (_retired.ContainsKey(source))
            {
                _retired[source] = new WeakReference<LoadedRelease>(loaded);
                return loaded; // no snapshot offers it any more: not cached
            }

            var entry = new MemoryCacheEntryOptions { Size = loaded.Bytes, SlidingExpiration = _options.SlidingExpiration };
            entry.PostEvictionCallbacks.Add(new PostEvictionCallbackRegistration { EvictionCallback = _evicted });
            _resident[source] = loaded;
            _cache.Set(source, loaded, entry);
            if (!_cache.TryGetValue(source, out _))
            {
                _resident.TryRemove(new KeyValuePair<ReleaseSource, LoadedRelease>(source, loaded)); // too big to keep
            }

            return loaded;
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<ReleaseSource, Lazy<Task<LoadedRelease>>>(source, self));
        }
    }

    private LoadedRelease Load(ReleaseSource source)
    {
        Interlocked.Increment(ref _loads);
        using var activity = MedPayIQDiagnostics.ActivitySource.StartActivity("medpayiq.release.load");
        activity?.SetTag("medpayiq.release", source.Id.ToString());
        activity?.SetTag("medpayiq.release.location", source.Location);
        var id = new KeyValuePair<string, object?>("medpayiq.release", source.Id.ToString());
        long start = _time.GetTimestamp();
        try
        {
            var loaded = new LoadedRelease(source, _load(source));
            long ms = checked((long)_time.GetElapsedTime(start).TotalMilliseconds);
            _instruments.ReleaseLoadDuration.Record(ms, id);
            _instruments.ReleaseLoads.Add(1, id, new KeyValuePair<string, object?>("medpayiq.result", "success"));
            Log.ReleaseLoaded(_logger, source.Id.ToString(), loaded.Release.Provenance.Origin, ms, loaded.Bytes, loaded.Release.RvuFileSha256);
            return loaded;
        }
        catch (Exception ex)
        {
            _instruments.ReleaseLoads.Add(1, id, new KeyValuePair<string, object?>("medpayiq.result", "failure"));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Sources no snapshot offers any more leave the cache now (requests still on an older snapshot use the copy pinned
    /// to it; one that loads such a source again does not cache it); a source offered again is cached again. Retired
    /// copies are watched weakly, to tell (tests) that they are freed.
    /// </summary>
    public void Retire(IEnumerable<ReleaseSource> sources, IEnumerable<ReleaseSource> offered)
    {
        Offer(offered);

        foreach (var source in sources)
        {
            var weak = new WeakReference<LoadedRelease>(null!);
            if (_resident.TryGetValue(source, out var loaded))
            {
                weak.SetTarget(loaded);
            }

            _retired[source] = weak;
            _cache.Remove(source);
        }

        foreach (var (source, weak) in _retired)
        {
            if (!weak.TryGetTarget(out _))
            {
                _retired.TryRemove(new KeyValuePair<ReleaseSource, WeakReference<LoadedRelease>>(source, weak));
            }
        }
    }

    /// <summary>Sources offered again (before they load for a new snapshot): cached again.</summary>
    public void Offer(IEnumerable<ReleaseSource> offered)
    {
        foreach (var source in offered)
        {
            _retired.TryRemove(source, out _);
        }
    }

    /// <summary>Retired releases still alive (a test hook: after requests end and a collection, none).</summary>
    internal int RetiredAlive => _retired.Values.Count(w => w.TryGetTarget(out _));

    private void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (key is ReleaseSource source)
        {
            if (value is LoadedRelease release)
            {
                _resident.TryRemove(new KeyValuePair<ReleaseSource, LoadedRelease>(source, release));
            }

            Log.ReleaseEvicted(_logger, source.Id.ToString(), source.Location, reason.ToString());
        }
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>The cache's clock is the service's <see cref="TimeProvider"/> (sliding expiration follows a fake clock in tests).</summary>
    private sealed class TimeProviderClock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}

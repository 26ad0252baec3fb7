// The load and fault test of docs/hosting.md ("Load and fault test"). Usage:
//   dotnet run -c Release --project eng/loadtest -- [--seconds 60] [--concurrency 16] [--swap-every 2]
// Serves MedPayIQ.AspNetCore on 127.0.0.1 (releases folder watched, polled every second), drives bounded concurrent
// load on POST /medpayiq/price, swaps the folder's RVU25D between two copies with different RVUs every few seconds
// (atomic renames and naive rm + cp in turn), injects faults (a PPRRVU file cut at a line break, the folder deleted, a
// 1 GB file), checks every answer against the single-threaded answers of the two copies, and prints the figures.
// With --serve, it only serves for --seconds (no load, swaps or faults) and writes the claims as request bodies, for
// an external load generator such as wrk (eng/loadtest/wrk-price.lua; docs/hosting.md shows the command): the
// service's capacity without this harness's own client on the same cores.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using System.Text;
using System.Text.Json.Nodes;
using MedPayIQ.AspNetCore;
using MedPayIQ.Hosting;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

int seconds = Arg("--seconds", 60), concurrency = Arg("--concurrency", 16), swapEvery = Arg("--swap-every", 2);
var repo = FindRepo();
var work = Directory.CreateTempSubdirectory("medpayiq-load-").FullName;
var releases = Directory.CreateDirectory(Path.Combine(work, "releases")).FullName;
var rvuCsv = File.ReadAllText(Path.Combine(repo, "src/MedPayIQ.Pricing.Data/cms/RVU25D/PPRRVU2025_Oct.csv"));
var gpci = File.ReadAllBytes(Path.Combine(repo, "src/MedPayIQ.Pricing.Data/cms/2025/GPCI2025.csv"));
string[] copies = [rvuCsv, Scaled(rvuCsv, 1.1m)]; // copy 1: every work RVU ten per cent higher
var staged = copies.Select((text, i) => WriteCopy(Path.Combine(work, $"copy{i}"), text)).ToArray();
CopyFolder(staged[0], Path.Combine(releases, "RVU25D"));

// The single-threaded answers: each copy loaded on its own, filled from the packaged RVU25D as the service fills it.
var claims = Claims();
var expected = staged.Select(dir =>
{
    var release = FeeScheduleLoader.LoadDirectory(dir, new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D") })
        .WithMissingFilesFrom(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")));
    var calculator = new PaymentCalculator(FeeScheduleCatalog.Create(PackagedFeeSchedules.ReleaseIds.Select(id => id.ToString() == "RVU25D" ? release : PackagedFeeSchedules.Get(id))));
    return claims.Select(c => Render(calculator.Price(ToClaim(c)))).ToArray();
}).ToArray();
for (int c = 0; c < claims.Length; c++)
{
    if (expected[0][c] == expected[1][c] && c == 0) throw new InvalidOperationException("the two copies must answer the probe claim differently");
}

var builder = WebApplication.CreateBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Services.AddMedPayIQ(o => { o.ReleasesFolder = releases; o.WatchFolders = true; o.PollInterval = TimeSpan.FromSeconds(1); });
builder.Services.AddMedPayIQApi();
await using var app = builder.Build();
app.MapMedPayIQ();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
var service = app.Services.GetRequiredService<MedPayIQService>();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(address) };
var bodies = claims.Select(c => Encoding.UTF8.GetBytes(new JsonObject
{
    ["zip"] = c.Zip,
    ["lines"] = new JsonArray([.. c.Lines.Select(l => (JsonNode)new JsonObject { ["dateOfService"] = "2025-11-03", ["hcpcs"] = l.Code, ["modifiers"] = l.Modifiers, ["units"] = l.Units })]),
}.ToJsonString())).ToArray();

async Task<string> PriceAsync(int c)
{
    using var content = new ByteArrayContent(bodies[c]);
    content.Headers.ContentType = new("application/json");
    using var response = await http.PostAsync("/medpayiq/price", content);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? RenderJson(JsonNode.Parse(text)!) : $"HTTP {(int)response.StatusCode}";
}

if (args.Contains("--serve"))
{
    var bodyFolder = Directory.CreateDirectory(Path.Combine(work, "bodies")).FullName;
    for (int c = 0; c < bodies.Length; c++) File.WriteAllBytes(Path.Combine(bodyFolder, $"{c}.json"), bodies[c]);
    var probe = await PriceAsync(0);
    if (probe != expected[0][0]) throw new InvalidOperationException($"the service answered the probe claim {probe}, expected {expected[0][0]}");
    Console.WriteLine($"serving {address}/medpayiq/price for {seconds} s; {bodies.Length} request bodies in {bodyFolder} (0.json ... {bodies.Length - 1}.json)");
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated while serving: {GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore:N0} bytes (divide by the generator's request count)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2 collections; {(GCSettings.IsServerGC ? "server" : "workstation")} GC; managed heap after a full collection {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F1} MB"));
    Directory.Delete(work, recursive: true);
    return 0;
}

// Warm up, then load.
for (int i = 0; i < 200; i++) await PriceAsync(i % claims.Length);
long retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
long ok = 0, wrong = 0, failed = 0;
// Latencies in fixed histograms (1 us buckets to 10 ms, then 100 us to 1 s), allocated before the run: the load
// generator runs in the service's process, and a list of every latency (the first version) grew by megabytes.
const int Fine = 10_000, Coarse = 10_000;
var histograms = new ConcurrentBag<long[]>();
var firstWrong = new ConcurrentQueue<string>();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
long peak = 0;
var samples = new List<(double At, long Bytes)>(seconds * 5 + 100);
var heaps = new List<(double At, long Bytes)>(seconds / 10 + 10);
var sampler = Task.Run(async () =>
{
    var since = Stopwatch.StartNew();
    double nextHeap = 10;
    while (!stop.IsCancellationRequested)
    {
        using var p = Process.GetCurrentProcess();
        peak = Math.Max(peak, p.WorkingSet64);
        samples.Add((since.Elapsed.TotalSeconds, p.WorkingSet64));
        if (since.Elapsed.TotalSeconds >= nextHeap)
        {
            // The managed heap after a full (blocking) collection every 10 s: what the process really holds.
            heaps.Add((since.Elapsed.TotalSeconds, GC.GetTotalMemory(forceFullCollection: true)));
            nextHeap += 10;
        }

        await Task.Delay(200);
    }
});
var clock = Stopwatch.StartNew();
var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
{
    var mine = new long[Fine + Coarse];
    int i = w;
    while (!stop.IsCancellationRequested)
    {
        int c = i++ % claims.Length;
        long start = Stopwatch.GetTimestamp();
        string answer;
        try { answer = await PriceAsync(c); }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { Interlocked.Increment(ref failed); continue; }
        long us = (Stopwatch.GetTimestamp() - start) * 1_000_000 / Stopwatch.Frequency;
        mine[us < Fine ? us : Fine + Math.Min(Coarse - 1, (us - Fine) / 100)]++;
        if (answer.StartsWith("HTTP ", StringComparison.Ordinal)) Interlocked.Increment(ref failed);
        else if (answer == expected[0][c] || answer == expected[1][c]) Interlocked.Increment(ref ok);
        else { Interlocked.Increment(ref wrong); if (firstWrong.Count < 5) firstWrong.Enqueue($"claim {c}: {answer}"); }
    }

    histograms.Add(mine);
})).ToArray();

// Swaps and faults.
var visibility = new List<double>();
int swaps = 0, faults = 0, current = 0;
var faultLog = new List<string>();
var target = Path.Combine(releases, "RVU25D");
while (!stop.IsCancellationRequested)
{
    try { await Task.Delay(TimeSpan.FromSeconds(swapEvery), stop.Token); }
    catch (OperationCanceledException) { break; } // the run ends on time whatever --swap-every says
    int round = swaps + faults;
    if (round % 3 == 2)
    {
        // A fault: the service must keep the last good copy serving and report Degraded, then recover.
        string kind = (faults % 3) switch { 0 => "PPRRVU cut at a line break", 1 => "folder deleted", _ => "a 1 GB file" };
        var backup = Path.Combine(work, "backup");
        CopyFolder(target, backup);
        if (faults % 3 == 0)
        {
            var bytes = File.ReadAllBytes(Path.Combine(target, "PPRRVU2025_Oct.csv"));
            File.WriteAllBytes(Path.Combine(target, "PPRRVU2025_Oct.csv"), bytes[..(Array.LastIndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1)]);
        }
        else if (faults % 3 == 1)
        {
            Directory.Delete(target, recursive: true);
        }
        else
        {
            using var big = new FileStream(Path.Combine(target, "PPRRVU2025_Oct.csv"), FileMode.Create);
            big.SetLength(1L << 30);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // a poll to see it, a poll to take it
        var health = await http.GetStringAsync("/medpayiq/health");
        faultLog.Add($"{kind}: health {health}");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        CopyFolder(backup, target);
        Directory.Delete(backup, recursive: true);
        faults++;
        continue;
    }

    // A swap to the other copy: an atomic rename, or a naive rm + cp, in turn.
    int next = 1 - current;
    var sw = Stopwatch.StartNew();
    if (swaps % 2 == 0)
    {
        var incoming = Path.Combine(releases, $".incoming-{swaps}");
        CopyFolder(staged[next], incoming);
        var old = Path.Combine(work, $"old-{swaps}");
        Directory.Move(target, old);
        Directory.Move(incoming, target);
        Directory.Delete(old, recursive: true);
    }
    else
    {
        Directory.Delete(target, recursive: true);
        CopyFolder(staged[next], target);
    }

    current = next;
    swaps++;
    while (!stop.IsCancellationRequested && await PriceAsync(0) != expected[next][0]) await Task.Delay(20);
    if (!stop.IsCancellationRequested) visibility.Add(sw.Elapsed.TotalSeconds);
}

await Task.WhenAll(workers);
await sampler;
double elapsed = clock.Elapsed.TotalSeconds;
var counts = new long[Fine + Coarse];
foreach (var h in histograms) for (int b = 0; b < counts.Length; b++) counts[b] += h[b];
long total = counts.Sum();
double Ms(double q)
{
    long rank = (long)Math.Min(total - 1, q * total), seen = 0;
    for (int b = 0; b < counts.Length; b++)
    {
        seen += counts[b];
        if (seen > rank) return b < Fine ? b / 1000.0 : (Fine + ((b - Fine) * 100.0)) / 1000.0;
    }

    return 0;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; concurrency {concurrency}; {elapsed:F0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests {ok + wrong + failed:N0}: {(ok + wrong) / elapsed:N0}/s; p50 {Ms(0.5):F2} ms, p99 {Ms(0.99):F2} ms; wrong {wrong}, failed {failed}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"swaps {swaps} (visible in {(visibility.Count == 0 ? "-" : $"{visibility.Min():F2}-{visibility.Max():F2} s, median {visibility.Order().ElementAt(visibility.Count / 2):F2} s")}); faults {faults}"));
double half = elapsed / 2;
await Task.Delay(TimeSpan.FromSeconds(3)); // the last swap's requests done
long retainedAfter = GC.GetTotalMemory(forceFullCollection: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap after a full collection: {retainedBefore / 1048576.0:F1} MB before the load, {retainedAfter / 1048576.0:F1} MB after {swaps} swaps and {faults} faults"));
Console.WriteLine("managed heap after a full collection, every 10 s of the run: " + string.Join(", ", heaps.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.At:F0} s {h.Bytes / 1048576.0:F1} MB"))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2 collections; {(GCSettings.IsServerGC ? "server" : "workstation")} GC"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set {peak / 1048576.0:F0} MB (first half of the run {samples.Where(x => x.At < half).Select(x => x.Bytes).DefaultIfEmpty().Max() / 1048576.0:F0} MB, second half {samples.Where(x => x.At >= half).Select(x => x.Bytes).DefaultIfEmpty().Max() / 1048576.0:F0} MB); releases offered {service.Current.Releases.Length}"));
foreach (var f in faultLog) Console.WriteLine("fault " + f);
foreach (var w in firstWrong) Console.WriteLine("WRONG " + w);
Directory.Delete(work, recursive: true);
return wrong == 0 && failed == 0 ? 0 : 1;

int Arg(string name, int fallback) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

static string FindRepo()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("run from the repository");
}

string WriteCopy(string dir, string text)
{
    Directory.CreateDirectory(dir);
    File.WriteAllText(Path.Combine(dir, "PPRRVU2025_Oct.csv"), text);
    File.WriteAllBytes(Path.Combine(dir, "GPCI2025.csv"), gpci);
    return dir;
}

static void CopyFolder(string from, string to)
{
    Directory.CreateDirectory(to);
    foreach (var f in Directory.EnumerateFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)), overwrite: true);
}

static string Scaled(string csv, decimal scale)
{
    var lines = csv.Split("\r\n");
    for (int i = 10; i < lines.Length; i++)
    {
        var fields = lines[i].Split(',');
        if (fields.Length < 13 || !decimal.TryParse(fields[5], CultureInfo.InvariantCulture, out var work) || work == 0) continue;
        var delta = decimal.Round(work * scale, 2) - work;
        foreach (int column in new[] { 5, 11, 12 })
        {
            if (decimal.TryParse(fields[column], CultureInfo.InvariantCulture, out var v)) fields[column] = (v + delta).ToString("0.00", CultureInfo.InvariantCulture);
        }

        lines[i] = string.Join(',', fields);
    }

    return string.Join("\r\n", lines);
}

static (string Zip, (string Code, string? Modifiers, int Units)[] Lines)[] Claims() =>
[
    ("90210", [("99213", null, 1)]),
    ("90210", [("99214", null, 1), ("11045", null, 2)]),
    ("10001", [("27447", null, 1)]),
    ("60601", [("77321", "26", 1), ("71046", null, 1)]),
    ("99501", [("20610", "RT", 1), ("99203", "25", 1)]),
    ("33101", [("G0439", null, 1)]),
];

static Claim ToClaim((string Zip, (string Code, string? Modifiers, int Units)[] Lines) c) =>
    new Claim([.. c.Lines.Select(l => new ClaimLine(new DateOnly(2025, 11, 3), HcpcsCode.Parse(l.Code), l.Modifiers is null ? default : ModifierSet.Parse(l.Modifiers)) { Units = l.Units })])
    { Location = PricingLocation.OfZip(c.Zip) };

static string Render(ClaimPrice p) =>
    string.Join(" | ", p.Lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Line.Hcpcs} {l.Outcome} {l.Release?.Id} {l.AllowedAmount:F2} {l.MedicarePayment:F2}")))
    + string.Create(CultureInfo.InvariantCulture, $" = {p.AllowedAmount:F2} {p.MedicarePayment:F2}");

static string RenderJson(JsonNode n) =>
    string.Join(" | ", n["lines"]!.AsArray().Select(l => string.Create(CultureInfo.InvariantCulture, $"{l!["hcpcs"]} {l["outcome"]} {l["release"]} {l["allowed"]!.GetValue<decimal>():F2} {l["medicarePayment"]!.GetValue<decimal>():F2}")))
    + string.Create(CultureInfo.InvariantCulture, $" = {n["allowed"]!.GetValue<decimal>():F2} {n["medicarePayment"]!.GetValue<decimal>():F2}");

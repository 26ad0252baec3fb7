using System.Diagnostics;

namespace MedPayIQ.Hosting.Tests;

/// <summary>Requests price on whatever snapshot they took while releases are swapped in and out a hundred times.</summary>
public sealed class ConcurrencyTests
{
    private static readonly DateOnly February = new(2025, 2, 3), November = new(2025, 11, 3);

    private static readonly Claim[] Claims =
    [
        new([new ClaimLine(November, HcpcsCode.Parse("99213")), new ClaimLine(November, HcpcsCode.Parse("20610"), ModifierSet.Parse("59"))])
        {
            Location = PricingLocation.Of(LocalityKey.Parse("01182/18")),
        },
        new([new ClaimLine(November, HcpcsCode.Parse("27447"), ModifierSet.Parse("RT")), new ClaimLine(February, HcpcsCode.Parse("99214"))])
        {
            DeductibleRemaining = 100m,
            ApplySequestration = true,
        },
        new([new ClaimLine(February, HcpcsCode.Parse("77321"), ModifierSet.Parse("26"))]),
    ];

    [Fact]
    public async Task Pricing_from_many_threads_while_releases_are_swapped_100_times_gives_each_snapshots_own_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = TestFiles.NewFolder("swaps");
        var parked = TestFiles.NewFolder("swaps-parked");
        TestFiles.WriteRelease(root, "RVU25A", workRvuScale: 0.9m);
        var october = TestFiles.WriteRelease(parked, "RVU25D");
        var options = new MedPayIQOptions { Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }, UsePackagedReleases = false, ReleasesFolder = root };
        using var medpayiq = new MedPayIQService(options);
        await medpayiq.StartAsync(ct);

        // The single-threaded answers: RVU25A alone, and RVU25A with RVU25D (loaded here on their own).
        var a = FeeScheduleLoader.LoadDirectory(Path.Combine(root, "RVU25A"));
        var d = FeeScheduleLoader.LoadDirectory(october);
        string[][] expected =
        [
            [.. Claims.Select(c => TestFiles.Render(new PaymentCalculator(FeeScheduleCatalog.Create([a])).Price(c)))],
            [.. Claims.Select(c => TestFiles.Render(new PaymentCalculator(FeeScheduleCatalog.Create([a, d])).Price(c)))],
        ];
        Assert.NotEqual(expected[0][0], expected[1][0]);
        Assert.NotEqual(expected[0][1], expected[1][1]);

        using var stop = new CancellationTokenSource();
        long priced = 0, seenWithOctober = 0;
        // Dedicated threads: pricing a loaded release completes synchronously, and busy pool threads would starve the swaps.
        var workers = Enumerable.Range(0, 4).Select(w => Task.Factory.StartNew(() =>
        {
            int i = w;
            while (!stop.IsCancellationRequested)
            {
                int c = i++ % Claims.Length;
                var snapshot = medpayiq.Current;
                bool withOctober = snapshot.Releases.Any(r => r.Id.Quarter == 'D');
                var price = snapshot.PriceClaimAsync(Claims[c], ct).AsTask().GetAwaiter().GetResult();
                Assert.Equal(expected[withOctober ? 1 : 0][c], TestFiles.Render(price));

                // Through the service: whichever snapshot it took, the whole claim is that snapshot's answer.
                var text = TestFiles.Render(medpayiq.PriceClaimAsync(Claims[c], ct).AsTask().GetAwaiter().GetResult());
                Assert.True(text == expected[0][c] || text == expected[1][c], text);
                Interlocked.Increment(ref priced);
                if (withOctober)
                {
                    Interlocked.Increment(ref seenWithOctober);
                }
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        var watch = Stopwatch.StartNew();
        for (int swap = 0; swap < 100; swap++)
        {
            // RVU25D comes and goes: a source no snapshot offers leaves the cache (memory bounded across swaps), so it is
            // loaded again each time it comes back; requests still on a snapshot that offered it use the copy pinned to it.
            if (swap % 2 == 0)
            {
                Directory.Move(october, Path.Combine(root, "RVU25D"));
            }
            else
            {
                Directory.Move(Path.Combine(root, "RVU25D"), october);
            }

            Assert.True(await medpayiq.ReloadAsync(ct));
            Thread.Sleep(2); // requests in flight on each snapshot
        }

        watch.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(101, medpayiq.Current.Generation);
        Assert.Equal(51, medpayiq.Cache.Loads); // RVU25A at start, RVU25D each of the 50 times it comes back, never for a request on an old snapshot
        Assert.True(seenWithOctober > 0 && seenWithOctober < priced, $"{seenWithOctober} of {priced} claims priced with RVU25D");
        TestContext.Current.TestOutputHelper?.WriteLine($"100 swaps in {watch.ElapsedMilliseconds} ms; {priced} claims priced twice each, {seenWithOctober} with RVU25D");
    }
}

using System.Diagnostics;
using System.Globalization;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

// EngineCompare <ranked|every|code,code,...> <rounds> [read]
// Prices the claim of PriceClaimBenchmarks (Los Angeles, 2025-11-03) in rounds of 2,000 and prints the fastest round's
// time per claim and the bytes a claim allocates: on a shared machine the fastest round is the one least disturbed.
// On Linux a round is timed by the thread's CPU clock (time the thread spent off the core is not counted), else by
// the wall clock.
// With "read", every line's payment and coinsurance are read too (the previous engine computed them when read).
string[] ranked = ["27447", "20552", "64483", "64484", "20610", "11042", "11045", "99213", "96372", "73562"];
string[] every = ["27447", "20610", "11042", "64483", "31624", "31629", "74177", "70450", "97110", "99213"];
string which = args.Length > 0 ? args[0] : "ranked";
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
bool read = args.Length > 2 && args[2] == "read";
var codes = which switch { "ranked" => ranked, "every" => every, _ => which.Split(',') };
var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
var day = new DateOnly(2025, 11, 3);
var claim = new Claim(codes.Select(c => new ClaimLine(day, HcpcsCode.Parse(c), which == "ranked" && c == "99213" ? ModifierSet.Parse("25") : default)))
{
    Location = PricingLocation.Of(LocalityKey.Parse("01182/18")),
};

decimal total = 0;
for (int i = 0; i < 200; i++)
{
    total += Price();
}

double best = double.MaxValue;
long bytes = 0;
for (int round = 0; round < rounds; round++)
{
    long before = GC.GetAllocatedBytesForCurrentThread();
    long start = Now();
    for (int i = 0; i < 2000; i++)
    {
        total += Price();
    }

    best = Math.Min(best, (Now() - start) / 2000.0);
    bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 2000;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{which}{(read ? " (read)" : "")}: {best:F0} ns, {bytes} B a claim (checksum {total})"));

static long Now()
{
    if (OperatingSystem.IsLinux())
    {
        Span<long> time = stackalloc long[2];
        unsafe
        {
            fixed (long* t = time)
            {
                if (clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, t) == 0)
                {
                    return (time[0] * 1_000_000_000L) + time[1];
                }
            }
        }
    }

    return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
}

[System.Runtime.InteropServices.DllImport("libc")]
static extern unsafe int clock_gettime(int clock, long* time);

decimal Price()
{
    var priced = calculator.Price(claim);
    decimal sum = priced.AllowedAmount;
    if (read)
    {
        foreach (var line in priced.Lines)
        {
            sum += line.MedicarePayment + line.Coinsurance;
        }
    }

    return sum;
}

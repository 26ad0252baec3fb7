using System.Globalization;
using System.Text;

namespace MedPayIQ.Hosting.Tests;

/// <summary>
/// Release folders made for the tests from the CMS files packaged in the repository
/// (src/MedPayIQ.Pricing.Data/cms, provenance in its PROVENANCE.md): whole copies, or small ones of a few codes that load in milliseconds.
/// </summary>
internal static class TestFiles
{
    /// <summary>The codes a small release keeps: office visits, the knee claim of docs/pricing.md, radiology, an add-on pair.</summary>
    public static readonly string[] SmallCodes = ["99202", "99203", "99212", "99213", "99214", "99223", "20610", "27447", "77321", "71046", "11042", "11045", "0001F"];

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (MedPayIQ.Pricing.sln) was not found above " + AppContext.BaseDirectory);
    }

    public static string Cms(string path) => Path.Combine(RepositoryRoot(), "src", "MedPayIQ.Pricing.Data", "cms", path);

    /// <summary>A new empty folder under the test binaries.</summary>
    public static string NewFolder(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "work", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        return Directory.CreateDirectory(dir).FullName;
    }

    /// <summary>
    /// Writes a release folder named <paramref name="id"/> (the services that load a small one turn the admission
    /// checks off: <c>Admission = { RequireWholeFiles = false, MinimumRowShare = 0m }</c>, a release cut down on purpose): the 2025 October PPRRVU file cut to <see cref="SmallCodes"/>
    /// (or whole), with GPCI2025.csv. <paramref name="workRvuScale"/> multiplies every work RVU (another release's numbers).
    /// </summary>
    public static string WriteRelease(string root, string id, bool whole = false, decimal workRvuScale = 1m, bool broken = false)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, id)).FullName;
        File.Copy(Cms("2025/GPCI2025.csv"), Path.Combine(dir, "GPCI2025.csv"), overwrite: true);
        var target = Path.Combine(dir, "PPRRVU2025_Oct.csv");
        if (whole && workRvuScale == 1m && !broken)
        {
            File.Copy(Cms("RVU25D/PPRRVU2025_Oct.csv"), target, overwrite: true);
            return dir;
        }

        var lines = File.ReadAllText(Cms("RVU25D/PPRRVU2025_Oct.csv")).Split("\r\n");
        var text = new StringBuilder();
        int data = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (i >= 10)
            {
                if (line.Length == 0 || (!whole && !SmallCodes.Contains(line.Split(',')[0])))
                {
                    continue;
                }

                var fields = line.Split(',');
                if (workRvuScale != 1m)
                {
                    // The work RVU and the two totals that include it.
                    var work = decimal.Parse(fields[5], CultureInfo.InvariantCulture);
                    var delta = decimal.Round(work * workRvuScale, 2) - work;
                    foreach (int column in new[] { 5, 11, 12 })
                    {
                        fields[column] = (decimal.Parse(fields[column], CultureInfo.InvariantCulture) + delta).ToString("0.00", CultureInfo.InvariantCulture);
                    }
                }

                if (broken && data == 3)
                {
                    fields[5] = "0.9x";
                }

                line = string.Join(',', fields);
                data++;
            }

            text.Append(line).Append("\r\n");
        }

        File.WriteAllText(target, text.ToString());
        return dir;
    }

    /// <summary>Waits for a condition the service reaches on another thread (a poll, a swap), at most ten seconds.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A claim's result as text: each line's release, outcome, amounts and confidence, and the totals.</summary>
    public static string Render(ClaimPrice price)
    {
        var text = new StringBuilder();
        foreach (var line in price.Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"{line.LineNumber} {line.Line.Hcpcs} {line.Release?.Id} {line.Outcome} {line.AllowedAmount} {line.Deductible} {line.Coinsurance} {line.MedicarePayment} {line.Confidence} | ");
        }

        return text.Append(CultureInfo.InvariantCulture, $"{price.AllowedAmount} {price.Deductible} {price.Coinsurance} {price.MedicarePayment}").ToString();
    }
}

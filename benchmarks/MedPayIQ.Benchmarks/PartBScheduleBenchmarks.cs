using BenchmarkDotNet.Attributes;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// First use of the other Part B schedules: what <see cref="PackagedFeeSchedules"/> does once per process for each file
/// (load CMS's packaged CSV: parse, check, typed model, code index, SHA-256), and the DMEPOS January 2026 schedule read
/// from CMS's workbook itself (the Open XML SDK's streaming reader, then the same checks). Baseline: the bare CsvHelper
/// span read of the DMEPOS26_JAN CSV (3,515 rows x 114 fields touched, nothing built).
/// </summary>
[MemoryDiagnoser]
public class PartBLoadBenchmarks
{
    private static readonly byte[] Clfs = BenchmarkData.Packaged("CLFS/CLFS 2026 Q1V1.csv");
    private static readonly byte[] Dmepos = BenchmarkData.Packaged("DMEPOS/DMEPOS26_JAN.csv");
    private static readonly byte[] DmeZips = BenchmarkData.Packaged("DMEPOS/DME Rural ZIP Code Quarter 1 2026.csv");
    private byte[] _workbook = null!;

    [GlobalSetup]
    public void Setup() => _workbook = File.ReadAllBytes(BenchmarkData.RepositoryFile("tests/MedPayIQ.Pricing.Tests/data/DMEPOS26_JAN.xlsx"));

    [Benchmark(Baseline = true, Description = "CsvHelper span read of DMEPOS26_JAN.csv (no model)")]
    public long BareDmeposRead()
    {
        using var reader = CsvHelper.CsvReader.Create(Dmepos, new CsvHelper.CsvReaderOptions { HasHeader = false, Separator = ',' });
        return BenchmarkData.TouchEveryField(reader);
    }

    [Benchmark(Description = "DMEPOS Jan 2026 from the packaged CSV (3,515 rows)")]
    public int DmeposCsv() => DmeposLoader.Load(new MemoryStream(Dmepos, writable: false), "DMEPOS26_JAN.csv", null).Rows.Length;

    [Benchmark(Description = "DMEPOS Jan 2026 from CMS's workbook (.xlsx, 1.7 MB)")]
    public int DmeposWorkbook() => DmeposLoader.Load(new MemoryStream(_workbook, writable: false), "DMEPOS26_JAN.xlsx", null).Rows.Length;

    [Benchmark(Description = "CLFS 2026 Q1 from the packaged CSV (2,162 rows)")]
    public int ClfsCsv() => ClinicalLabLoader.Load(new MemoryStream(Clfs, writable: false), "CLFS 2026 Q1V1.csv", null).Rows.Length;

    [Benchmark(Description = "DMEPOS rural ZIP file 2026 Q1 (32,035 rows)")]
    public int DmeposZipCodes() => DmeposLoader.LoadZipCodes(new MemoryStream(DmeZips, writable: false), "DME Rural ZIP Code Quarter 1 2026.csv", null).Count;
}

/// <summary>
/// The cost of a line priced on another Part B schedule against a physician fee schedule line, through the same
/// calculator and packaged catalog (February 2026, ZIP 93101): one service (<c>Price(ServiceRequest)</c>) and a claim
/// of one line (<c>Price(Claim)</c>: the claim rules, remittance and cost sharing). Baseline: 99213 as one service.
/// </summary>
[MemoryDiagnoser]
public class PartBLineBenchmarks
{
    private static readonly DateOnly Day = new(2026, 2, 10);
    private PaymentCalculator _calculator = null!;
    private ServiceRequest _office, _lab, _dme;
    private Claim _officeClaim = null!, _labClaim = null!, _dmeClaim = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var zip = PricingLocation.OfZip("93101");
        _office = new ServiceRequest(HcpcsCode.Parse("99213"), Modifier.None, Day, zip, PricingSetting.NonFacility);
        _lab = new ServiceRequest(HcpcsCode.Parse("80053"), Modifier.None, Day, zip, PricingSetting.NonFacility);
        _dme = new ServiceRequest(HcpcsCode.Parse("E0601"), Modifier.None, Day, zip, PricingSetting.NonFacility) { Modifiers = ModifierSet.Parse("RR"), BeneficiaryZip = "90704" };
        _officeClaim = new Claim([new ClaimLine(Day, HcpcsCode.Parse("99213")) { BilledCharge = 150m }]) { Location = zip };
        _labClaim = new Claim([new ClaimLine(Day, HcpcsCode.Parse("80053")) { BilledCharge = 25m }]) { Location = zip };
        _dmeClaim = new Claim([new ClaimLine(Day, HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR")) { BilledCharge = 120m }]) { Location = zip, BeneficiaryZip = "90704" };
        if (Service() <= 0m || LabService() != 10.56m || DmeService() != 93.04m || LabClaim() != 10.56m || DmeClaim() != 74.43m)
        {
            throw new InvalidOperationException($"unexpected amounts: {Service()} {LabService()} {DmeService()} {LabClaim()} {DmeClaim()}");
        }
    }

    [Benchmark(Baseline = true, Description = "99213: one service, physician fee schedule")]
    public decimal Service() => _calculator.Price(_office).AllowedAmount;

    [Benchmark(Description = "80053: one service, CLFS")]
    public decimal LabService() => _calculator.Price(_lab).AllowedAmount;

    [Benchmark(Description = "E0601-RR, rural ZIP: one service, DMEPOS")]
    public decimal DmeService() => _calculator.Price(_dme).AllowedAmount;

    [Benchmark(Description = "99213: a claim of one line")]
    public decimal OfficeClaim() => _calculator.Price(_officeClaim).Lines[0].MedicarePayment;

    [Benchmark(Description = "80053: a claim of one line (Medicare pays 100 %)")]
    public decimal LabClaim() => _calculator.Price(_labClaim).Lines[0].MedicarePayment;

    [Benchmark(Description = "E0601-RR: a claim of one line (80 %)")]
    public decimal DmeClaim() => _calculator.Price(_dmeClaim).Lines[0].MedicarePayment;
}

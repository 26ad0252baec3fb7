using MedPayIQ.Fuzzing;
using SharpFuzz;

// medpayiq-fuzz TARGET: runs one target under AFL++ (SharpFuzz's out-of-process loop); see eng/fuzz.sh.
// medpayiq-fuzz TARGET FILE...: runs the target once on each file (reproduces a crash outside AFL).
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: medpayiq-fuzz TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        Console.WriteLine($"{file}: {target(File.ReadAllBytes(file)) ?? "loads"}");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var ms = new MemoryStream();
    stream.CopyTo(ms);
    _ = target(ms.ToArray());
});
return 0;

using System.Globalization;

namespace GradGen.Samples;

/// <summary>The command-line options every sample takes: <c>--iterations N</c>, <c>--out DIR</c>,
/// <c>--delay-ms MS</c> and <c>--help</c>.</summary>
public sealed class SampleOptions
{
    /// <summary>Gradient-descent steps or epochs; null means the sample's default.</summary>
    public int? Iterations { get; private set; }

    /// <summary>Where the pictures go; null means the sample's default.</summary>
    public string? OutputDirectory { get; private set; }

    /// <summary>A pause after each step so that a person can watch the progress; null means the sample's default.</summary>
    public int? DelayMilliseconds { get; private set; }

    /// <summary>Whether <c>--help</c> was asked for.</summary>
    public bool Help { get; private set; }

    /// <summary>Reads the options; throws <see cref="ArgumentException"/> with a message for a person on a bad one.</summary>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SampleOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            int Positive(string text, int minimum)
            {
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < minimum)
                {
                    throw new ArgumentException($"{name} takes a whole number of at least {minimum}, not '{text}'.");
                }

                return value;
            }

            switch (name)
            {
                case "--iterations":
                case "-n":
                    options.Iterations = Positive(Value(), 1);
                    break;
                case "--out":
                case "-o":
                    options.OutputDirectory = Value();
                    break;
                case "--delay-ms":
                    options.DelayMilliseconds = Positive(Value(), 0);
                    break;
                case "--help":
                case "-h":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return options;
    }

    /// <summary>The usage text, for a sample with the given default iterations and output directory.</summary>
    public static string Usage(string sample, string iterationsMeaning, int defaultIterations, string defaultOut) =>
        $"""
        usage: dotnet run --project samples/{sample} -- [options]

          --iterations N, -n N   {iterationsMeaning} (default {defaultIterations})
          --out DIR, -o DIR      where to write the PNG pictures (default {defaultOut})
          --delay-ms MS          pause after each step so the progress can be watched
                                 (default: a short pause on an interactive terminal, none otherwise)
          --help, -h             this text
        """;
}

/// <summary>Where a sample puts its pictures when <c>--out</c> is not given.</summary>
public static class OutputDirectories
{
    /// <summary>
    /// <c>samples/NAME/out</c> in the GradGen repository that holds the current directory, found by walking up
    /// to the directory with <c>GradGen.sln</c>; <c>NAME-out</c> in the current directory outside of it.
    /// </summary>
    public static string Default(string sampleName)
    {
        for (DirectoryInfo? dir = new(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradGen.sln")))
            {
                return Path.Combine(dir.FullName, "samples", sampleName, "out");
            }
        }

        return Path.GetFullPath(sampleName + "-out");
    }
}

using System.Buffers.Binary;
using ScottPlot;

namespace GradGen.Samples;

/// <summary>Settings shared by the samples' pictures.</summary>
public static class Pictures
{
    /// <summary>The font every picture uses: DejaVu Sans, shipped next to the sample.</summary>
    public const string FontName = "DejaVu Sans";

    private static readonly object Gate = new();
    private static bool fontsReady;

    /// <summary>Width of the pictures in pixels.</summary>
    public const int Width = 800;

    /// <summary>Height of the pictures in pixels.</summary>
    public const int Height = 600;

    /// <summary>
    /// Makes ScottPlot draw text with the font shipped in <c>Fonts/</c> beside the program, not with one
    /// of the machine's: a fresh machine may have none, and the pictures then look the same everywhere.
    /// Call before creating a <see cref="Plot"/>; calling again does nothing.
    /// </summary>
    public static void UseShippedFont()
    {
        lock (Gate)
        {
            if (fontsReady)
            {
                return;
            }

            string path = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("The samples' font is missing next to the program.", path);
            }

            Fonts.AddFontFile(FontName, path, bold: false, italic: false);
            Fonts.AddFontFile(FontName, path, bold: true, italic: false);
            Fonts.Default = FontName;
            fontsReady = true;
        }
    }

    /// <summary>A new plot whose texts all use the shipped font.</summary>
    public static Plot NewPlot()
    {
        UseShippedFont();
        var plot = new Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    /// <summary>Saves <paramref name="plot"/> as <paramref name="fileName"/> in <paramref name="directory"/>
    /// (created if needed) and returns the full path.</summary>
    public static string Save(Plot plot, string directory, string fileName, int width = Width, int height = Height)
    {
        Directory.CreateDirectory(directory);
        string path = Path.GetFullPath(Path.Combine(directory, fileName));
        plot.SavePng(path, width, height);
        return path;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The width and height recorded in a PNG file's IHDR chunk, or null if the file does not start with
    /// the PNG signature followed by an IHDR chunk with a positive width and height.
    /// </summary>
    public static (int Width, int Height)? ReadPngSize(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        Span<byte> head = stackalloc byte[24];
        using (FileStream stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            {
                return null;
            }
        }

        // 8-byte signature, then the first chunk: 4-byte length (13), "IHDR", width, height (big-endian).
        if (!head[..8].SequenceEqual(PngSignature)
            || BinaryPrimitives.ReadUInt32BigEndian(head[8..12]) != 13
            || !head[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        int width = BinaryPrimitives.ReadInt32BigEndian(head[16..20]);
        int height = BinaryPrimitives.ReadInt32BigEndian(head[20..24]);
        return width > 0 && height > 0 ? (width, height) : null;
    }
}

namespace GradGen.Generator.Helpers
{
    /// <summary>Stable (process-independent) hashing for hint names.</summary>
    internal static class Hashing
    {
        public static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text)
            {
                hash ^= c;
                hash *= 16777619;
            }

            return hash;
        }
    }
}

using System;
using System.Buffers;
using System.ComponentModel;

namespace GradGen
{
    /// <summary>
    /// A zeroed buffer of a given length rented from <see cref="ArrayPool{T}.Shared"/>, that generated
    /// gradient code uses for the adjoints of local arrays. Used by generated code; not meant to be
    /// called by hand.
    /// </summary>
    /// <typeparam name="T">The element type: <see cref="double"/> or <see cref="float"/>.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public struct ScratchBuffer<T> : IDisposable
    {
        private T[]? _array;
        private readonly int _length;

        /// <summary>Rents a buffer of <paramref name="length"/> elements, all zero.</summary>
        /// <param name="length">The number of elements; not negative.</param>
        public ScratchBuffer(int length)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "A buffer length cannot be negative.");
            }

            _length = length;
            _array = length == 0 ? null : ArrayPool<T>.Shared.Rent(length);
            if (_array is not null)
            {
                Array.Clear(_array, 0, length);
            }
        }

        /// <summary>The buffer: exactly the requested number of elements.</summary>
        public readonly Span<T> Span => _array is null ? Span<T>.Empty : new Span<T>(_array, 0, _length);

        /// <summary>Returns the buffer to the shared pool.</summary>
        public void Dispose()
        {
            T[]? array = _array;
            _array = null;
            if (array is not null)
            {
                ArrayPool<T>.Shared.Return(array);
            }
        }
    }
}

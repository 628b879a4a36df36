namespace GradGen.Generator.Model
{
    /// <summary>What a variable of the IR stands for.</summary>
    internal enum VariableKind : byte
    {
        /// <summary>A parameter of the differentiated method.</summary>
        Parameter,

        /// <summary>A local the user declared.</summary>
        Local,

        /// <summary>A variable the front end introduced (result value, control-flow flag, loop index).</summary>
        Synthetic,

        /// <summary>A variable the differentiation introduced (adjoint, saved value, tape, trip count).</summary>
        Generated,
    }

    /// <summary>
    /// A variable of the IR. <see cref="Id"/> is unique within a method; <see cref="Name"/> is the name
    /// the emitter prefers (it mirrors the user's name) and is made unique when code is written.
    /// </summary>
    internal sealed record Variable(int Id, string Name, TypeRef Type, VariableKind Kind)
    {
        public override string ToString() => Name + "#" + Id;
    }
}

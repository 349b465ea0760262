# bug: splits on every comma and strips the quotes afterwards
    return [f.strip('"') for f in line.split(",")]

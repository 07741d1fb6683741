/** The folder of the Desk's build (index.html and assets/), served at `/app`. */
export declare const DESK_DIST: string;

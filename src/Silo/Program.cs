// The silo host entry point; composed in later steps.
return 0;
